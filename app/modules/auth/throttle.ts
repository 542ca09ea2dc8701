/**
 * Sign-in throttling rules (pure; docs/decisions/0022). Throttling slows guessing down; it never
 * locks anybody out. Each gate counts sign-in attempts for one subject (an account, an address, or
 * an account from one address). The first `freeAttempts` go through at once; after that each
 * further attempt must wait a delay that doubles with every attempt, capped at `maxDelayMs`. An
 * attempt made before the gate opens is refused without its password being checked, with the time
 * to wait. A successful sign-in clears the account-from-this-address gate; a gate left alone for
 * THROTTLE_FORGET_AFTER_MS starts again from zero.
 */
export const ThrottleScope = { pair: "pair", account: "account", address: "address" } as const;
export type ThrottleScope = (typeof ThrottleScope)[keyof typeof ThrottleScope];

export type GateRule = { freeAttempts: number; baseDelayMs: number; maxDelayMs: number };

export const GATE_RULES: Record<ThrottleScope, GateRule> = {
  /** One account from one address: the attacker guessing from their own machine. */
  pair: { freeAttempts: 5, baseDelayMs: 1000, maxDelayMs: 5 * 60 * 1000 },
  /** One account from every address that has not signed in to it before: a distributed attack. */
  account: { freeAttempts: 20, baseDelayMs: 1000, maxDelayMs: 5 * 60 * 1000 },
  /** Every account from one address: generous, because a whole school shares one NAT address. */
  address: { freeAttempts: 100, baseDelayMs: 1000, maxDelayMs: 60 * 1000 },
};

/** A gate with no attempt for this long forgets its count. */
export const THROTTLE_FORGET_AFTER_MS = 60 * 60 * 1000;
/** An address from which the account signed in successfully is trusted for it this long (ADR 0022). */
export const KNOWN_ADDRESS_MS = 90 * 24 * 60 * 60 * 1000;
/** The longest anybody is ever asked to wait: the largest cap. */
export const MAX_THROTTLE_DELAY_MS = Math.max(...Object.values(GATE_RULES).map((r) => r.maxDelayMs));

/** How long the next attempt must wait after `attempts` attempts (0 while attempts are free). */
export function delayAfter(attempts: number, rule: GateRule): number {
  if (attempts < rule.freeAttempts) return 0;
  const doublings = Math.min(attempts - rule.freeAttempts, 30);
  return Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** doublings);
}

export type GateState = { attempts: number; lastAttemptAt: Date; nextAllowedAt: Date };

export type ClaimDecision = { allowed: true; next: GateState } | { allowed: false; retryAt: Date };

/**
 * Whether an attempt may go ahead at `now` through a gate in `state` (null: never used), and if so
 * the gate's state once this attempt is counted.
 */
export function decideClaim(state: GateState | null, rule: GateRule, now: Date): ClaimDecision {
  const forgotten = !state || now.getTime() - state.lastAttemptAt.getTime() >= THROTTLE_FORGET_AFTER_MS;
  // Attempts that start together reach the gate in any order, so one stamped a moment before the
  // last counted attempt is taken as made at that attempt's time: a free attempt is never refused
  // because another overtook it, and the gate's clock never runs backwards.
  const at = !forgotten && state.lastAttemptAt > now ? state.lastAttemptAt : now;
  if (!forgotten && state.nextAllowedAt > at) return { allowed: false, retryAt: state.nextAllowedAt };
  const attempts = (forgotten ? 0 : state.attempts) + 1;
  return {
    allowed: true,
    next: { attempts, lastAttemptAt: at, nextAllowedAt: new Date(at.getTime() + delayAfter(attempts, rule)) },
  };
}

export function gateKey(scope: ThrottleScope, email: string, ip: string): string {
  if (scope === ThrottleScope.account) return `account:${email}`;
  if (scope === ThrottleScope.address) return `address:${ip}`;
  return `pair:${email} ${ip}`;
}

/** Seconds to wait, rounded up, at least 1. */
export function secondsUntil(retryAt: Date, now: Date): number {
  return Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
}

export function retryMessage(retryAt: Date, now: Date): string {
  const seconds = secondsUntil(retryAt, now);
  const minutes = Math.ceil(seconds / 60);
  const wait = seconds < 60 ? `${seconds} second${seconds === 1 ? "" : "s"}` : `${minutes} minute${minutes === 1 ? "" : "s"}`;
  return `Too many attempts to sign in to this account. Wait ${wait}, then try again. Your password was not checked. If you have forgotten it, reset your password.`;
}
