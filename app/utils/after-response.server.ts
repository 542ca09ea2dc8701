/**
 * Work that must not delay the response, and whose duration must not show in it: started on the
 * next turn of the event loop, after the route has answered (docs/decisions/0025). Failures are
 * logged, never thrown at the person who made the request. Tests (and a graceful shutdown) can wait
 * for everything started so far with `settleAfterResponseTasks`.
 */
import { log } from "./log.server.ts";

// On globalThis: server/index.ts (which waits for it on shutdown) and the Remix build each load this file.
const PENDING_KEY = Symbol.for("pathways.afterResponse");
const shared = globalThis as typeof globalThis & { [PENDING_KEY]?: Set<Promise<void>> };
const pending = (shared[PENDING_KEY] ??= new Set<Promise<void>>());

let gate: Promise<void> = Promise.resolve();

export function runAfterResponse(label: string, task: () => Promise<void>): void {
  const held = gate;
  const run = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => held)
    .then(task)
    .catch((error: unknown) => log().error({ err: error }, `[after-response] ${label} failed`))
    .finally(() => pending.delete(run));
  pending.add(run);
}

export async function settleAfterResponseTasks(): Promise<void> {
  while (pending.size) await Promise.all([...pending]);
}

/**
 * For tests that look at what a response did on its own: tasks started from now on wait until the
 * returned function is called (without it, a fast database can finish them before the test looks).
 */
export function holdAfterResponseTasks(): () => void {
  let release!: () => void;
  gate = new Promise<void>((resolve) => (release = resolve));
  return () => {
    release();
    gate = Promise.resolve();
  };
}
