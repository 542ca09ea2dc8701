/**
 * Runs jobs from the queue (docs/decisions/0053): claims due jobs, runs each kind's handler with
 * its payload (checked against the kind's schema), records success or failure. `startJobWorker`
 * polls until stopped; `stop()` resolves once the jobs it is running have finished (graceful
 * shutdown). Recurring jobs are enqueued once per period under a key naming the period, so however
 * many servers run a worker, each period's job exists once.
 */
import crypto from "node:crypto";
import os from "node:os";
import { DEFAULT_LEASE_MS, JOB_PAYLOADS, JobKind, periodSlot, type JobPayload } from "./jobs.ts";
import { claimJobs, completeJob, enqueue, failJob, pruneDoneJobs, renewJobLease, setJobWakeUp, type ClaimedJob } from "./queue.server.ts";
import { log } from "~/utils/log.server.ts";

export type JobContext = { id: string; key: string; attempts: number };
/** One handler per kind. Handlers must be idempotent: a job whose worker died runs again. */
export type JobHandlers = { [K in JobKind]: (payload: JobPayload<K>, job: JobContext) => Promise<void> };

/** Kinds whose payload is just the period they run for (`{ slot }`): those can recur. */
type PeriodicKind = { [K in JobKind]: JobPayload<K> extends { slot: string } ? K : never }[JobKind];
export type RecurringJob = { kind: PeriodicKind; everyMs: number };

/** Done jobs are kept this long (for idempotency and a look back), then deleted. */
export const KEEP_DONE_JOBS_MS = 7 * 24 * 60 * 60 * 1000;

export type WorkerOptions = {
  handlers: JobHandlers;
  workerId?: string;
  /** How long an idle worker waits before looking again. */
  pollMs?: number;
  /** Jobs claimed (and run at once) per round. */
  batchSize?: number;
  leaseMs?: number;
  recurring?: RecurringJob[];
};

export const newWorkerId = () => `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;

async function runJob(job: ClaimedJob, handlers: JobHandlers, workerId: string, leaseMs: number): Promise<"done" | "failed"> {
  // While the handler runs, its lease is renewed at a third of its length: a long job stays this
  // worker's, and a worker that died stops renewing, so its job is claimed again once the lease ends.
  const renewal = setInterval(() => {
    renewJobLease(job, workerId, leaseMs).catch((error: unknown) =>
      log().warn({ err: error, job: { id: job.id } }, "[jobs] could not renew a lease"),
    );
  }, leaseMs / 3);
  renewal.unref();
  try {
    if (!(job.kind in JOB_PAYLOADS)) throw new Error(`No handler for jobs of kind "${job.kind}".`);
    const kind = job.kind as JobKind;
    const payload: unknown = JOB_PAYLOADS[kind].parse(JSON.parse(job.payload));
    const handler = handlers[kind] as (payload: unknown, context: JobContext) => Promise<void>;
    await handler(payload, { id: job.id, key: job.key, attempts: job.attempts });
  } catch (error) {
    await failJob(job, workerId, error);
    log().error(
      { err: error, job: { id: job.id, kind: job.kind } },
      `[jobs] ${job.kind} job ${job.id} failed (attempt ${job.attempts} of ${job.maxAttempts})`,
    );
    return "failed";
  } finally {
    clearInterval(renewal);
  }
  await completeJob(job, workerId);
  return "done";
}

/** Claims one batch and runs it; returns how many jobs were claimed. */
export async function runJobsOnce({
  handlers,
  workerId = newWorkerId(),
  batchSize = 10,
  leaseMs = DEFAULT_LEASE_MS,
}: Pick<WorkerOptions, "handlers" | "workerId" | "batchSize" | "leaseMs">): Promise<number> {
  const jobs = await claimJobs(workerId, { limit: batchSize, leaseMs });
  await Promise.all(jobs.map((job) => runJob(job, handlers, workerId, leaseMs)));
  return jobs.length;
}

/** Runs due jobs until none is left (jobs waiting for a later retry stay). For tests and scripts. */
export async function runJobsUntilIdle(options: Pick<WorkerOptions, "handlers" | "workerId" | "batchSize">): Promise<number> {
  let total = 0;
  for (;;) {
    const claimed = await runJobsOnce(options);
    if (claimed === 0) return total;
    total += claimed;
  }
}

/** Enqueues this period's run of each recurring job (the same key on every server: one job). */
export async function scheduleRecurringJobs(recurring: RecurringJob[], now = new Date()): Promise<void> {
  for (const { kind, everyMs } of recurring) {
    const slot = periodSlot(now, everyMs);
    await enqueue(kind, { slot }, { key: `${kind}:${slot}`, runAt: new Date(slot), maxAttempts: 3 });
  }
  await pruneDoneJobs(new Date(now.getTime() - KEEP_DONE_JOBS_MS));
}

export type JobWorker = { stop(): Promise<void>; wake(): void };

/**
 * Polls the queue every `pollMs` (sooner when a job is enqueued in this process) and runs what is
 * due, a batch at a time. A failing claim (the database briefly unreachable) is logged and tried at
 * the next poll.
 */
export function startJobWorker({
  handlers,
  workerId = newWorkerId(),
  pollMs = 1000,
  batchSize = 10,
  leaseMs,
  recurring = [],
}: WorkerOptions): JobWorker {
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let wakeSleep: (() => void) | undefined;
  let woken = false; // a wake-up that came while the worker was busy
  let lastSchedule = 0;
  const scheduleEveryMs = Math.min(60_000, ...recurring.map((r) => r.everyMs));

  const sleep = () =>
    new Promise<void>((resolve) => {
      if (woken) return resolve();
      wakeSleep = resolve;
      timer = setTimeout(resolve, pollMs);
    }).finally(() => {
      clearTimeout(timer);
      wakeSleep = undefined;
      woken = false;
    });

  const loop = (async () => {
    while (!stopping) {
      try {
        if (recurring.length && Date.now() - lastSchedule >= scheduleEveryMs) {
          lastSchedule = Date.now();
          await scheduleRecurringJobs(recurring);
        }
        const claimed = await runJobsOnce({ handlers, workerId, batchSize, leaseMs });
        if (claimed > 0) continue;
      } catch (error) {
        log().error({ err: error }, "[jobs] the worker could not claim jobs");
      }
      if (!stopping) await sleep();
    }
  })();

  const wake = () => {
    woken = true;
    wakeSleep?.();
  };
  setJobWakeUp(wake);
  return {
    wake,
    async stop() {
      stopping = true;
      setJobWakeUp(undefined);
      wake();
      await loop;
    },
  };
}
