/**
 * Work that must not delay the response, and whose duration must not show in it: started on the
 * next turn of the event loop, after the route has answered (docs/decisions/0025). Failures are
 * logged, never thrown at the person who made the request. Tests (and a graceful shutdown) can wait
 * for everything started so far with `settleAfterResponseTasks`.
 */
const pending = new Set<Promise<void>>();

export function runAfterResponse(label: string, task: () => Promise<void>): void {
  const run = new Promise<void>((resolve) => setImmediate(resolve))
    .then(task)
    .catch((error: unknown) => console.error(`[after-response] ${label} failed:`, error))
    .finally(() => pending.delete(run));
  pending.add(run);
}

export async function settleAfterResponseTasks(): Promise<void> {
  while (pending.size) await Promise.all([...pending]);
}
