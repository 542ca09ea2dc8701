/**
 * Sign-in throttling as an attacker would probe it (issue 11, item 6): parallel guesses must not
 * slip past the count, and nobody's failures may lock the real user out for more than a short,
 * stated wait (docs/decisions/0022).
 */
import { describe, expect, it } from "vitest";
import { createUser, uniqueEmail } from "../factories/users.ts";
import { signIn, type SignInResult } from "~/modules/auth/account.server.ts";
import { GATE_RULES, MAX_THROTTLE_DELAY_MS } from "~/modules/auth/throttle.ts";
import { compareAndSwapGate } from "~/modules/auth/throttle.server.ts";

const evaluated = (results: SignInResult[]) => results.filter((r) => !r.ok && r.reason === "invalid").length;
const throttled = (results: SignInResult[]) => results.filter((r) => !r.ok && r.reason === "throttled").length;

describe("sign-in throttling under attack", () => {
  it("checks at most the free attempts' passwords when 40 wrong guesses arrive at once from one address", async () => {
    const user = await createUser();
    const now = new Date();
    const results = await Promise.all(Array.from({ length: 40 }, () => signIn(user.email, "wrong guess", "203.0.113.5", now)));
    expect(evaluated(results)).toBe(GATE_RULES.pair.freeAttempts);
    expect(throttled(results)).toBe(40 - GATE_RULES.pair.freeAttempts);
  });

  it("keeps the count exact between processes too (the database's compare-and-swap alone)", async () => {
    const now = new Date();
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, () => compareAndSwapGate("pair:cas@school.example 192.0.2.1", GATE_RULES.pair, now)),
    );
    expect(outcomes.filter((o) => o.allowed)).toHaveLength(GATE_RULES.pair.freeAttempts);
  });

  it("checks at most the account's free attempts when 40 guesses arrive at once from 40 addresses", async () => {
    const user = await createUser();
    const now = new Date();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn(user.email, "wrong guess", `198.51.100.${i}`, now)));
    expect(evaluated(results)).toBe(GATE_RULES.account.freeAttempts);
  });

  it("never refuses the owner at an address they have signed in from, whatever others did elsewhere", async () => {
    const user = await createUser();
    const t0 = new Date("2026-11-22T08:00:00Z");
    expect((await signIn(user.email, user.password, "192.0.2.10", t0)).ok).toBe(true); // the school's address
    const t1 = new Date(t0.getTime() + 60_000);
    // An attacker fails 60 times from 30 addresses (5 requests would have locked the account for 15 minutes).
    for (let i = 0; i < 60; i++) await signIn(user.email, "wrong guess", `203.0.113.${i % 30}`, t1);
    expect((await signIn(user.email, "wrong guess", "203.0.113.99", t1)).ok).toBe(false);
    expect((await signIn(user.email, user.password, "192.0.2.10", t1)).ok).toBe(true);
  });

  it("lets the owner in from a new address after at most the stated short wait", async () => {
    const user = await createUser();
    const t0 = new Date("2026-11-22T09:00:00Z");
    for (let i = 0; i < 80; i++) await signIn(user.email, "wrong guess", `203.0.113.${i % 40}`, t0);
    const refused = await signIn(user.email, user.password, "192.0.2.77", t0);
    expect(refused).toMatchObject({ ok: false, reason: "throttled" });
    if (refused.ok || refused.reason !== "throttled") return;
    expect(refused.retryAt.getTime() - t0.getTime()).toBeLessThanOrEqual(MAX_THROTTLE_DELAY_MS);
    expect(refused.message).toMatch(/Wait \d+ (seconds?|minutes?), then try again/);
    expect((await signIn(user.email, user.password, "192.0.2.77", refused.retryAt)).ok).toBe(true);
  });

  it("does not slow down a whole school signing in for the first time from one address", async () => {
    const t0 = new Date("2026-11-22T07:00:00Z");
    const teachers = [];
    for (let i = 0; i < GATE_RULES.address.freeAttempts + 5; i++) teachers.push(await createUser());
    for (const teacher of teachers) expect((await signIn(teacher.email, teacher.password, "192.0.2.150", t0)).ok).toBe(true);
  }, 120_000); // creates 100+ accounts (Argon2 each): minutes on a loaded 2-core machine

  it("slows an address guessing many accounts without stopping other people at it for long", async () => {
    const t0 = new Date("2026-11-22T10:00:00Z");
    const school = "192.0.2.200";
    const results = [];
    for (let i = 0; i < GATE_RULES.address.freeAttempts + 10; i++) results.push(await signIn(uniqueEmail(), "wrong guess", school, t0));
    expect(evaluated(results)).toBe(GATE_RULES.address.freeAttempts);
    const colleague = await createUser();
    const slowed = await signIn(colleague.email, colleague.password, school, t0);
    expect(slowed).toMatchObject({ ok: false, reason: "throttled" });
    if (slowed.ok || slowed.reason !== "throttled") return;
    expect(slowed.retryAt.getTime() - t0.getTime()).toBeLessThanOrEqual(GATE_RULES.address.maxDelayMs);
    expect((await signIn(colleague.email, colleague.password, school, slowed.retryAt)).ok).toBe(true);
  });
});
