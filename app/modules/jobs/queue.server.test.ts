import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { JobKind, JobStatus, RETRY_BASE_MS } from "./jobs.ts";
import { claimJobs, completeJob, enqueue, failJob, getJobOverview, retryJob, type ClaimedJob } from "./queue.server.ts";
import { runJobsOnce, scheduleRecurringJobs, startJobWorker, type JobHandlers } from "./worker.server.ts";

/** A handler for every kind that does nothing; a test replaces the ones it watches. */
const IDLE_HANDLERS = Object.fromEntries(Object.values(JobKind).map((kind) => [kind, async () => {}])) as unknown as JobHandlers;

const email = (n: number) => ({ to: `teacher-${n}@school.example`, subject: `Message ${n}`, text: "Hello" });
const statusOf = async (key: string) => prisma.job.findUniqueOrThrow({ where: { key } });

beforeEach(async () => {
  await prisma.job.deleteMany();
});

describe("enqueue", () => {
  it("is idempotent by key: the same key twice is one job", async () => {
    expect(await enqueue(JobKind.email, email(1), { key: "welcome:1" })).toEqual({ created: true });
    expect(await enqueue(JobKind.email, email(2), { key: "welcome:1" })).toEqual({ created: false });
    const jobs = await prisma.job.findMany();
    expect(jobs).toHaveLength(1);
    expect(JSON.parse(jobs[0]!.payload)).toEqual(email(1));
    expect(jobs[0]).toMatchObject({ kind: "email", status: JobStatus.pending, attempts: 0, maxAttempts: 5 });
  });

  it("joins the caller's transaction: a duplicate key does not break it, and a rollback takes the job away", async () => {
    await enqueue(JobKind.email, email(1), { key: "in-tx:1" });
    await prisma.$transaction(async (tx) => {
      expect(await enqueue(JobKind.email, email(1), { key: "in-tx:1", db: tx })).toEqual({ created: false });
      expect(await enqueue(JobKind.email, email(2), { key: "in-tx:2", db: tx })).toEqual({ created: true });
      await tx.job.count(); // the transaction is still usable
    });
    await expect(
      prisma.$transaction(async (tx) => {
        await enqueue(JobKind.email, email(3), { key: "in-tx:3", db: tx });
        throw new Error("the write that caused it failed");
      }),
    ).rejects.toThrow("the write that caused it failed");
    expect((await prisma.job.findMany({ orderBy: { key: "asc" } })).map((j) => j.key)).toEqual(["in-tx:1", "in-tx:2"]);
  });

  it("refuses a payload its kind does not accept", async () => {
    await expect(enqueue(JobKind.email, { to: "x@y.z", subject: "" } as never, { key: "bad" })).rejects.toThrow();
    expect(await prisma.job.count()).toBe(0);
  });
});

describe("claiming, failing and retrying", () => {
  const t0 = new Date("2026-12-04T12:00:00.000Z");
  const at = (ms: number) => new Date(t0.getTime() + ms);

  it("leases due jobs only, counts the attempt, and backs off exponentially after each failure", async () => {
    await enqueue(JobKind.email, email(1), { key: "backoff", runAt: t0 });
    await enqueue(JobKind.email, email(2), { key: "later", runAt: at(60_000) });
    const [job] = await claimJobs("worker-a", { now: t0 });
    expect(job).toMatchObject({ key: "backoff", attempts: 1 });
    expect(await claimJobs("worker-b", { now: t0 })).toEqual([]); // leased: nobody else gets it
    expect(await statusOf("backoff")).toMatchObject({ status: JobStatus.running, leasedBy: "worker-a" });

    let now = t0;
    let current = job!;
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(current).toMatchObject({ key: "backoff", attempts: attempt });
      expect(await failJob(current, "worker-a", new Error(`SMTP down (${attempt})`), { now, random: () => 1 })).toBe(true);
      const row = await statusOf("backoff");
      const delay = RETRY_BASE_MS * 2 ** (attempt - 1); // 10 s, 20 s, 40 s (with the largest jitter)
      expect(row).toMatchObject({
        status: JobStatus.pending,
        attempts: attempt,
        lastError: `Error: SMTP down (${attempt})`,
        leasedBy: null,
      });
      expect(row.runAt.getTime() - now.getTime()).toBe(delay);
      // Not before its time.
      expect((await claimJobs("worker-a", { now: new Date(row.runAt.getTime() - 1) })).map((j) => j.key)).not.toContain("backoff");
      now = row.runAt;
      [current] = (await claimJobs("worker-a", { now })) as [ClaimedJob];
    }
  });

  it("fails a job for good after maxAttempts, keeping the last error; an admin's retry starts it again", async () => {
    await enqueue(JobKind.email, email(1), { key: "doomed", runAt: t0, maxAttempts: 2 });
    const [first] = await claimJobs("w", { now: t0 });
    await failJob(first!, "w", new Error("mailbox unavailable"), { now: t0 });
    const [second] = await claimJobs("w", { now: at(RETRY_BASE_MS) });
    expect(second).toMatchObject({ attempts: 2 });
    await failJob(second!, "w", new Error("mailbox still unavailable"), { now: at(RETRY_BASE_MS) });
    expect(await statusOf("doomed")).toMatchObject({
      status: JobStatus.failed,
      attempts: 2,
      lastError: "Error: mailbox still unavailable",
      finishedAt: at(RETRY_BASE_MS),
    });
    expect(await claimJobs("w", { now: at(10 * 60 * 60 * 1000) })).toEqual([]); // never again by itself

    const { counts, failed } = await getJobOverview();
    expect(counts).toMatchObject({ failed: 1, pending: 0 });
    expect(failed[0]).toMatchObject({ kind: "email", lastError: "Error: mailbox still unavailable" });
    expect(failed[0]).not.toHaveProperty("payload");

    expect(await retryJob(failed[0]!.id, at(RETRY_BASE_MS * 2))).toBe(true);
    expect(await retryJob(failed[0]!.id)).toBe(false); // not failed any more
    expect(await statusOf("doomed")).toMatchObject({ status: JobStatus.pending, attempts: 0, finishedAt: null });
    const [again] = await claimJobs("w", { now: at(RETRY_BASE_MS * 2) });
    expect(await completeJob(again!, "w")).toBe(true);
    expect(await statusOf("doomed")).toMatchObject({ status: JobStatus.done, payload: "{}", lastError: null });
  });

  it("claims a job again when its worker's lease expires; the first worker can no longer finish it", async () => {
    await enqueue(JobKind.email, email(1), { key: "crashed", runAt: t0 });
    const [held] = await claimJobs("dead-worker", { now: t0, leaseMs: 1000 });
    expect(await claimJobs("live-worker", { now: at(999) })).toEqual([]);
    const [reclaimed] = await claimJobs("live-worker", { now: at(1001) });
    expect(reclaimed).toMatchObject({ id: held!.id, attempts: 2 });
    expect(await completeJob(held!, "dead-worker")).toBe(false);
    expect(await failJob(held!, "dead-worker", new Error("late"))).toBe(false);
    expect(await completeJob(reclaimed!, "live-worker")).toBe(true);
    expect(await statusOf("crashed")).toMatchObject({ status: JobStatus.done, attempts: 2 });
  });

  it("fails a job whose last attempt lost its worker instead of leaving it running", async () => {
    await enqueue(JobKind.email, email(1), { key: "last-try", runAt: t0, maxAttempts: 1 });
    await claimJobs("dead-worker", { now: t0, leaseMs: 1000 });
    expect(await claimJobs("live-worker", { now: at(2000) })).toEqual([]);
    expect(await statusOf("last-try")).toMatchObject({ status: JobStatus.failed, lastError: expect.stringMatching(/lease expired/) });
  });

  it("never gives one job to two workers claiming at the same moment", async () => {
    for (let i = 0; i < 60; i++) await enqueue(JobKind.email, email(i), { key: `race:${i}`, runAt: t0 });
    const claims = await Promise.all(["a", "b", "c", "d", "e", "f"].map((w) => claimJobs(w, { now: t0, limit: 15 })));
    const ids = claims.flat().map((job) => job.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(60);
    expect(await prisma.job.count({ where: { attempts: { not: 1 } } })).toBe(0);
  });
});

describe("the worker", () => {
  it("records the error of a handler that throws, and runs the others", async () => {
    const handlers: JobHandlers = {
      ...IDLE_HANDLERS,
      email: async (payload) => {
        if (payload.to.startsWith("teacher-1@")) throw new Error("Mailbox full: <script>alert(1)</script>");
      },
    };
    await enqueue(JobKind.email, email(1), { key: "throws", maxAttempts: 1 });
    await enqueue(JobKind.email, email(2), { key: "works" });
    expect(await runJobsOnce({ handlers, workerId: "w" })).toBe(2);
    expect(await statusOf("throws")).toMatchObject({
      status: JobStatus.failed,
      lastError: "Error: Mailbox full: <script>alert(1)</script>",
    });
    expect(await statusOf("works")).toMatchObject({ status: JobStatus.done });
  });

  it("treats a stored payload its kind no longer accepts as a failure, with the reason", async () => {
    await prisma.job.create({ data: { kind: "email", key: "garbled", payload: '{"to":1}', maxAttempts: 1 } });
    await prisma.job.create({ data: { kind: "no-such-kind", key: "unknown", payload: "{}", maxAttempts: 1 } });
    const handlers: JobHandlers = IDLE_HANDLERS;
    await runJobsOnce({ handlers, workerId: "w" });
    expect((await statusOf("garbled")).status).toBe(JobStatus.failed);
    expect(await statusOf("unknown")).toMatchObject({ status: JobStatus.failed, lastError: expect.stringMatching(/no-such-kind/) });
  });

  it("renews the lease of a job that runs longer than it, so no other worker takes it meanwhile", async () => {
    let finish!: () => void;
    const handlers: JobHandlers = {
      ...IDLE_HANDLERS,
      email: () => new Promise<void>((resolve) => (finish = resolve)),
    };
    await enqueue(JobKind.email, email(1), { key: "long" });
    const running = runJobsOnce({ handlers, workerId: "slow-worker", leaseMs: 300 });
    for (let i = 0; i < 8; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100)); // 800 ms: more than two leases
      expect(await claimJobs("other-worker", { leaseMs: 300 })).toEqual([]);
    }
    finish();
    expect(await running).toBe(1);
    expect(await statusOf("long")).toMatchObject({ status: JobStatus.done, attempts: 1 });
  });

  it("stop() resolves only once the running job has finished, and nothing more is claimed (graceful shutdown)", async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let release!: () => void;
    const handlers: JobHandlers = {
      ...IDLE_HANDLERS,
      email: async () => {
        started();
        await new Promise<void>((resolve) => (release = resolve));
      },
    };
    await enqueue(JobKind.email, email(1), { key: "slow" });
    const worker = startJobWorker({ handlers, pollMs: 20, workerId: "w" });
    await running;
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    await enqueue(JobKind.email, email(2), { key: "after-stop" });
    release();
    await stopping;
    expect((await statusOf("slow")).status).toBe(JobStatus.done);
    expect((await statusOf("after-stop")).status).toBe(JobStatus.pending);
  });

  it("schedules a recurring job once per period however many servers ask", async () => {
    const now = new Date("2026-12-04T21:17:00.000Z");
    const recurring = [{ kind: JobKind.uploadsCleanup, everyMs: 60 * 60 * 1000 }];
    await Promise.all([scheduleRecurringJobs(recurring, now), scheduleRecurringJobs(recurring, now)]);
    await scheduleRecurringJobs(recurring, new Date("2026-12-04T21:59:00.000Z"));
    expect((await prisma.job.findMany()).map((j) => j.key)).toEqual(["uploads-cleanup:2026-12-04T21:00:00.000Z"]);
    await scheduleRecurringJobs(recurring, new Date("2026-12-04T22:00:00.000Z"));
    expect(await prisma.job.count()).toBe(2);
  });
});
