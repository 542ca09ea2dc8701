/**
 * The durable job queue in the database (docs/decisions/0053). A job is a row: enqueueing the same
 * key twice is one job; a worker claims due jobs by leasing them (status running, leasedBy,
 * leasedUntil), so two workers never hold one job at once; a failure is tried again later with
 * backoff, and after maxAttempts the job is failed with its last error kept, until an admin retries
 * it. A lease that expires (its worker died) makes the job claimable again: handlers must be
 * idempotent, since a job can run more than once (at least once, never at the same time).
 */
import { Prisma } from "~/generated/prisma/client.ts";
import { databaseProvider } from "~/utils/database-url.ts";
import { prisma } from "~/utils/db.server.ts";
import {
  DEFAULT_LEASE_MS,
  DEFAULT_MAX_ATTEMPTS,
  JOB_PAYLOADS,
  JobStatus,
  describeError,
  retryDelayMs,
  type JobKind,
  type JobPayload,
} from "./jobs.ts";

/** The client or a transaction's client: a job can be enqueued atomically with the write that causes it. */
export type JobDb = Pick<typeof prisma, "job">;

export type ClaimedJob = { id: string; kind: string; key: string; payload: string; attempts: number; maxAttempts: number };

const WAKE = "__pathwaysJobWake";
type WakeHolder = { [WAKE]?: () => void };

/** Lets a worker in this process know that a job is waiting (others find it when they next poll). */
export function setJobWakeUp(wake: (() => void) | undefined) {
  (globalThis as WakeHolder)[WAKE] = wake;
}

/**
 * Adds a job unless one with the same key exists (then nothing changes). Returns whether it was
 * added. The payload is checked against the kind's schema.
 */
export async function enqueue<K extends JobKind>(
  kind: K,
  payload: JobPayload<K>,
  {
    key,
    runAt = new Date(),
    maxAttempts = DEFAULT_MAX_ATTEMPTS,
    db = prisma,
  }: { key: string; runAt?: Date; maxAttempts?: number; db?: JobDb },
): Promise<{ created: boolean }> {
  const data = { kind, key, payload: JSON.stringify(JOB_PAYLOADS[kind].parse(payload)), runAt, maxAttempts };
  let created: boolean;
  if (databaseProvider() === "postgresql") {
    // ON CONFLICT DO NOTHING: a duplicate key must not abort the caller's transaction.
    const result = await db.job.createMany({ data: [data], skipDuplicates: true } as Prisma.JobCreateManyArgs);
    created = result.count === 1;
  } else {
    try {
      await db.job.create({ data, select: { id: true } });
      created = true;
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
      created = false;
    }
  }
  if (created) (globalThis as WakeHolder)[WAKE]?.();
  return { created };
}

/** Due pending jobs, and running jobs whose lease has expired (their worker stopped). */
const claimable = (now: Date) =>
  ({
    attempts: { lt: prisma.job.fields.maxAttempts },
    OR: [
      { status: JobStatus.pending, runAt: { lte: now } },
      { status: JobStatus.running, leasedUntil: { lt: now } },
    ],
  }) satisfies Prisma.JobWhereInput;

const CLAIMED_SELECT = { id: true, kind: true, key: true, payload: true, attempts: true, maxAttempts: true } as const;

/**
 * Leases up to `limit` due jobs to `workerId` for `leaseMs`, counting an attempt on each. On
 * PostgreSQL one statement (`FOR UPDATE SKIP LOCKED`: concurrent workers take different rows
 * without waiting); on SQLite a write transaction (one writer at a time).
 */
export async function claimJobs(
  workerId: string,
  { limit = 10, leaseMs = DEFAULT_LEASE_MS, now = new Date() }: { limit?: number; leaseMs?: number; now?: Date } = {},
): Promise<ClaimedJob[]> {
  // A cheap read first: an idle queue costs no write (and on SQLite no write lock).
  const due = {
    OR: [
      { status: JobStatus.pending, runAt: { lte: now } },
      { status: JobStatus.running, leasedUntil: { lt: now } },
    ],
  };
  if (!(await prisma.job.findFirst({ where: due, select: { id: true } }))) return [];
  await failExhaustedLeases(now);
  const leasedUntil = new Date(now.getTime() + leaseMs);
  if (databaseProvider() === "postgresql") {
    return prisma.$queryRaw<ClaimedJob[]>`
      UPDATE "Job"
      SET "status" = ${JobStatus.running}, "attempts" = "attempts" + 1, "leasedBy" = ${workerId},
          "leasedUntil" = ${leasedUntil}, "updatedAt" = ${now}
      WHERE "id" IN (
        SELECT "id" FROM "Job"
        WHERE "attempts" < "maxAttempts"
          AND (("status" = ${JobStatus.pending} AND "runAt" <= ${now})
            OR ("status" = ${JobStatus.running} AND "leasedUntil" < ${now}))
        ORDER BY "runAt"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING "id", "kind", "key", "payload", "attempts", "maxAttempts"`;
  }
  return prisma.$transaction(
    async (tx) => {
      // Take the write lock first (SQLite's BEGIN is deferred), so no other process claims between
      // our read and our write: it waits for us (busy timeout), then sees the rows already leased.
      await tx.$executeRaw`UPDATE "Job" SET "attempts" = "attempts" WHERE 1 = 0`;
      const due = await tx.job.findMany({ where: claimable(now), orderBy: { runAt: "asc" }, take: limit, select: { id: true } });
      if (due.length === 0) return [];
      const ids = due.map((job) => job.id);
      await tx.job.updateMany({
        where: { id: { in: ids }, ...claimable(now) },
        data: { status: JobStatus.running, attempts: { increment: 1 }, leasedBy: workerId, leasedUntil, updatedAt: now },
      });
      return tx.job.findMany({ where: { id: { in: ids }, leasedBy: workerId, leasedUntil }, select: CLAIMED_SELECT });
    },
    { maxWait: 10_000, timeout: 10_000 },
  );
}

/** A job whose last allowed attempt lost its worker is failed, not left running for ever. */
async function failExhaustedLeases(now: Date) {
  await prisma.job.updateMany({
    where: { status: JobStatus.running, leasedUntil: { lt: now }, attempts: { gte: prisma.job.fields.maxAttempts } },
    data: {
      status: JobStatus.failed,
      lastError: "The worker running its last attempt stopped before finishing (its lease expired).",
      leasedBy: null,
      leasedUntil: null,
      finishedAt: now,
    },
  });
}

/**
 * Extends the lease on a job this worker is still running, so a job that takes longer than its lease
 * is not claimed by another worker meanwhile. False if the job is no longer this worker's.
 */
export async function renewJobLease(job: Pick<ClaimedJob, "id">, workerId: string, leaseMs: number, now = new Date()): Promise<boolean> {
  const { count } = await prisma.job.updateMany({
    where: { id: job.id, status: JobStatus.running, leasedBy: workerId },
    data: { leasedUntil: new Date(now.getTime() + leaseMs) },
  });
  return count === 1;
}

/** Marks a job this worker holds as done (and forgets its payload: an email's text holds a link). */
export async function completeJob(job: Pick<ClaimedJob, "id">, workerId: string, now = new Date()): Promise<boolean> {
  const { count } = await prisma.job.updateMany({
    where: { id: job.id, status: JobStatus.running, leasedBy: workerId },
    data: { status: JobStatus.done, payload: "{}", leasedBy: null, leasedUntil: null, finishedAt: now, lastError: null },
  });
  return count === 1;
}

/**
 * Records a failure of a job this worker holds: tried again after a backoff, or failed for good
 * after its last attempt. The error is kept either way.
 */
export async function failJob(
  job: Pick<ClaimedJob, "id" | "attempts" | "maxAttempts">,
  workerId: string,
  error: unknown,
  { now = new Date(), random = Math.random }: { now?: Date; random?: () => number } = {},
): Promise<boolean> {
  const lastError = describeError(error);
  const exhausted = job.attempts >= job.maxAttempts;
  const { count } = await prisma.job.updateMany({
    where: { id: job.id, status: JobStatus.running, leasedBy: workerId },
    data: exhausted
      ? { status: JobStatus.failed, lastError, leasedBy: null, leasedUntil: null, finishedAt: now }
      : {
          status: JobStatus.pending,
          lastError,
          leasedBy: null,
          leasedUntil: null,
          runAt: new Date(now.getTime() + retryDelayMs(job.attempts, random)),
        },
  });
  return count === 1;
}

/** An admin's retry: a failed job starts again with all its attempts, now. False if it is not failed. */
export async function retryJob(id: string, now = new Date()): Promise<boolean> {
  const { count } = await prisma.job.updateMany({
    where: { id, status: JobStatus.failed },
    data: { status: JobStatus.pending, attempts: 0, runAt: now, finishedAt: null },
  });
  if (count === 1) (globalThis as WakeHolder)[WAKE]?.();
  return count === 1;
}

/** Done jobs older than `before` are deleted (their keys can be used again). */
export async function pruneDoneJobs(before: Date): Promise<number> {
  const { count } = await prisma.job.deleteMany({ where: { status: JobStatus.done, finishedAt: { lt: before } } });
  return count;
}

const LISTED = 50;

/** For /admin/jobs: how many jobs in each status, and the pending, running and failed ones (no payloads). */
export async function getJobOverview() {
  const select = { id: true, kind: true, status: true, attempts: true, maxAttempts: true, runAt: true, lastError: true, updatedAt: true };
  const [groups, waiting, failed] = await Promise.all([
    prisma.job.groupBy({ by: ["status"], _count: { _all: true } }),
    prisma.job.findMany({
      where: { status: { in: [JobStatus.pending, JobStatus.running] } },
      orderBy: { runAt: "asc" },
      take: LISTED,
      select,
    }),
    prisma.job.findMany({ where: { status: JobStatus.failed }, orderBy: { updatedAt: "desc" }, take: LISTED, select }),
  ]);
  const counts: Record<JobStatus, number> = { pending: 0, running: 0, done: 0, failed: 0 };
  for (const group of groups) if (group.status in counts) counts[group.status as JobStatus] = group._count._all;
  return { counts, waiting, failed };
}
