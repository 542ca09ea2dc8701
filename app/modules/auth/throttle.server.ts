/**
 * Sign-in gates in the database (docs/decisions/0022), so they hold across server processes.
 * Claiming an attempt is a compare-and-swap on the gate's row: read it, decide (throttle.ts), and
 * update only if nobody else counted an attempt in between; otherwise read again. So of 40
 * parallel attempts, exactly as many are let through as the rule allows, never more. Within one
 * process, claims on the same gate also queue behind each other, so they rarely need a second read.
 */
import { prisma } from "~/utils/db.server.ts";
import { Prisma } from "~/generated/prisma/client.ts";
import { decideClaim, gateKey, GATE_RULES, KNOWN_ADDRESS_MS, THROTTLE_FORGET_AFTER_MS, ThrottleScope, type GateRule } from "./throttle.ts";

export type GateOutcome = { allowed: true } | { allowed: false; retryAt: Date };

const MAX_CAS_ROUNDS = 50;

const queues = new Map<string, Promise<unknown>>();

/** Runs `task` after every earlier task for `key` in this process has finished. */
function queued<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return run;
}

/** Counts one attempt through the gate `key`, or says when the gate opens (counting nothing). */
export function claimGate(key: string, rule: GateRule, now: Date): Promise<GateOutcome> {
  return queued(key, () => compareAndSwapGate(key, rule, now));
}

/** The claim itself, without the in-process queue: what protects the count between processes. */
export async function compareAndSwapGate(key: string, rule: GateRule, now: Date): Promise<GateOutcome> {
  for (let round = 0; round < MAX_CAS_ROUNDS; round++) {
    const row = await prisma.signInGate.findUnique({
      where: { key },
      select: { attempts: true, lastAttemptAt: true, nextAllowedAt: true },
    });
    const decision = decideClaim(row, rule, now);
    if (!decision.allowed) return decision;
    if (!row) {
      try {
        await prisma.signInGate.create({ data: { key, ...decision.next } });
        return { allowed: true };
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") continue; // someone else created it first: read it again
        throw error;
      }
    }
    const { count } = await prisma.signInGate.updateMany({
      where: { key, attempts: row.attempts, lastAttemptAt: row.lastAttemptAt },
      data: decision.next,
    });
    if (count === 1) return { allowed: true };
  }
  // Extremely contended: treat as closed for a moment rather than let an uncounted attempt through.
  return { allowed: false, retryAt: new Date(now.getTime() + 1000) };
}

/** Whether the account with `email` signed in successfully from `ip` recently (ADR 0022). */
async function isKnownAddress(email: string, ip: string, now: Date): Promise<boolean> {
  const pair = await prisma.signInGate.findUnique({
    where: { key: gateKey(ThrottleScope.pair, email, ip) },
    select: { succeededAt: true },
  });
  return !!pair?.succeededAt && now.getTime() - pair.succeededAt.getTime() < KNOWN_ADDRESS_MS;
}

/**
 * Counts a sign-in attempt for `email` from `ip` through every gate that applies, before the
 * password is checked. From an address the account has signed in from before, only that pair's
 * own gate applies, so other people's failures elsewhere never slow the account's owner down there.
 */
export async function claimSignInAttempt(
  email: string,
  ip: string,
  now: Date,
): Promise<{ allowed: true; knownAddress: boolean } | { allowed: false; retryAt: Date }> {
  const knownAddress = await isKnownAddress(email, ip, now);
  const scopes: ThrottleScope[] = knownAddress ? [ThrottleScope.pair] : [ThrottleScope.pair, ThrottleScope.address, ThrottleScope.account];
  for (const scope of scopes) {
    const outcome = await claimGate(gateKey(scope, email, ip), GATE_RULES[scope], now);
    if (!outcome.allowed) return outcome;
  }
  return { allowed: true, knownAddress };
}

/**
 * After a successful sign-in: this address is known for the account, and its own gate starts
 * again. The first success from an address also gives back the attempt it cost the address and
 * account gates, so a morning of 150 teachers signing in for the first time at one school is not
 * slowed down (only failures, and repeated successes, keep counting there).
 */
export async function recordSignInSuccess(email: string, ip: string, now: Date, { knownAddress }: { knownAddress: boolean }) {
  const key = gateKey(ThrottleScope.pair, email, ip);
  const data = { attempts: 0, lastAttemptAt: now, nextAllowedAt: now, succeededAt: now };
  await prisma.signInGate.upsert({ where: { key }, create: { key, ...data }, update: data });
  if (knownAddress) return;
  await prisma.signInGate.updateMany({
    where: { key: { in: [gateKey(ThrottleScope.address, email, ip), gateKey(ThrottleScope.account, email, ip)] }, attempts: { gt: 0 } },
    data: { attempts: { decrement: 1 } },
  });
}

/** Forgets every gate of an account (after a password reset: the new password is the owner's). */
export function clearSignInGatesFor(email: string, db: Pick<typeof prisma, "signInGate"> = prisma) {
  return db.signInGate.deleteMany({
    where: { OR: [{ key: gateKey(ThrottleScope.account, email, "") }, { key: { startsWith: `pair:${email} ` } }] },
  });
}

/** Deletes gates nobody has used for a while and that remember no successful sign-in worth keeping. */
export async function pruneSignInGates(now: Date): Promise<void> {
  const idle = new Date(now.getTime() - THROTTLE_FORGET_AFTER_MS);
  const stale = new Date(now.getTime() - KNOWN_ADDRESS_MS);
  await prisma.signInGate.deleteMany({
    where: { lastAttemptAt: { lt: idle }, OR: [{ succeededAt: null }, { succeededAt: { lt: stale } }] },
  });
}
