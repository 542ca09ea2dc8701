/**
 * A fixed-window rate limit (the rule; the state lives in the database, see rate-limit.server.ts,
 * so it holds across server processes and restarts). Each key (a client address) may spend `limit`
 * units per window; the window starts with the key's first request after the last one ended.
 */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Seconds until the window that started at `windowStart` ends, at least 1. */
export function secondsUntilWindowEnds(windowStart: Date, windowMs: number, now: Date): number {
  return Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
}
