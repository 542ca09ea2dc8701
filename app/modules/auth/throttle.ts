/**
 * Sign-in throttling rule (pure): too many recent failures for one account, or from one address,
 * and sign-in is refused until the oldest failure in the window has aged out.
 */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAt: Date };

/** `accountFailures` and `addressFailures` are failure times within the window, oldest first. */
export function decideThrottle(accountFailures: Date[], addressFailures: Date[], now: Date): ThrottleDecision {
  const retryAts: number[] = [];
  for (const [failures, max] of [
    [accountFailures, MAX_FAILURES_PER_ACCOUNT],
    [addressFailures, MAX_FAILURES_PER_ADDRESS],
  ] as const) {
    const recent = failures.filter((t) => now.getTime() - t.getTime() < THROTTLE_WINDOW_MS);
    if (recent.length >= max) {
      // Allowed again once enough failures fall out of the window to bring the count below max.
      const freeing = recent[recent.length - max];
      if (freeing) retryAts.push(freeing.getTime() + THROTTLE_WINDOW_MS);
    }
  }
  if (retryAts.length === 0) return { allowed: true };
  return { allowed: false, retryAt: new Date(Math.max(...retryAts)) };
}

export function retryMessage(retryAt: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60000));
  const time = retryAt.toISOString().slice(11, 16);
  return `Too many failed attempts to sign in. Try again in ${minutes} minute${minutes === 1 ? "" : "s"} (after ${time} UTC), or reset your password.`;
}
