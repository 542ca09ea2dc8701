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

export function runAfterResponse(label: string, task: () => Promise<void>): void {
  const run = new Promise<void>((resolve) => setImmediate(resolve))
    .then(task)
    .catch((error: unknown) => log().error({ err: error }, `[after-response] ${label} failed`))
    .finally(() => pending.delete(run));
  pending.add(run);
}

export async function settleAfterResponseTasks(): Promise<void> {
  while (pending.size) await Promise.all([...pending]);
}
