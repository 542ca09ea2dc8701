import { describe, expect, it } from "vitest";
import { decideClaim, delayAfter, GATE_RULES, MAX_THROTTLE_DELAY_MS, retryMessage, THROTTLE_FORGET_AFTER_MS } from "./throttle.ts";

const now = new Date("2026-11-22T12:00:00Z");
const at = (ms: number) => new Date(now.getTime() + ms);
const rule = GATE_RULES.pair;

describe("delayAfter", () => {
  it("lets the free attempts through at once, then doubles the wait up to the cap", () => {
    for (let n = 0; n < rule.freeAttempts; n++) expect(delayAfter(n, rule)).toBe(0);
    expect(delayAfter(rule.freeAttempts, rule)).toBe(rule.baseDelayMs);
    expect(delayAfter(rule.freeAttempts + 1, rule)).toBe(2 * rule.baseDelayMs);
    expect(delayAfter(rule.freeAttempts + 3, rule)).toBe(8 * rule.baseDelayMs);
    expect(delayAfter(rule.freeAttempts + 500, rule)).toBe(rule.maxDelayMs);
  });

  it("never asks anybody to wait more than a few minutes", () => {
    expect(MAX_THROTTLE_DELAY_MS).toBeLessThanOrEqual(5 * 60 * 1000);
    for (const r of Object.values(GATE_RULES)) expect(delayAfter(10_000, r)).toBeLessThanOrEqual(MAX_THROTTLE_DELAY_MS);
  });

  it("is generous to a whole school behind one address", () => {
    expect(GATE_RULES.address.freeAttempts).toBeGreaterThanOrEqual(100);
  });
});

describe("decideClaim", () => {
  it("counts the first attempt on a new gate", () => {
    expect(decideClaim(null, rule, now)).toEqual({
      allowed: true,
      next: { attempts: 1, lastAttemptAt: now, nextAllowedAt: now },
    });
  });

  it("refuses before the gate opens, saying when, and counts nothing", () => {
    const state = { attempts: 7, lastAttemptAt: now, nextAllowedAt: at(4000) };
    expect(decideClaim(state, rule, at(1000))).toEqual({ allowed: false, retryAt: at(4000) });
  });

  it("lets an attempt through once the gate has opened, and sets the next, longer wait", () => {
    const state = { attempts: rule.freeAttempts + 1, lastAttemptAt: now, nextAllowedAt: at(2000) };
    const decision = decideClaim(state, rule, at(2000));
    expect(decision).toEqual({
      allowed: true,
      next: { attempts: rule.freeAttempts + 2, lastAttemptAt: at(2000), nextAllowedAt: at(2000 + 4 * rule.baseDelayMs) },
    });
  });

  it("lets a free attempt through when another, stamped a moment later, was counted first", () => {
    const state = { attempts: 2, lastAttemptAt: at(30), nextAllowedAt: at(30) };
    expect(decideClaim(state, rule, at(10))).toEqual({
      allowed: true,
      next: { attempts: 3, lastAttemptAt: at(30), nextAllowedAt: at(30) },
    });
  });

  it("still refuses an overtaken attempt once the free attempts are used up", () => {
    const state = { attempts: rule.freeAttempts, lastAttemptAt: at(30), nextAllowedAt: at(30 + rule.baseDelayMs) };
    expect(decideClaim(state, rule, at(10))).toEqual({ allowed: false, retryAt: at(30 + rule.baseDelayMs) });
  });

  it("forgets a gate nobody has used for a while", () => {
    const state = { attempts: 40, lastAttemptAt: now, nextAllowedAt: at(THROTTLE_FORGET_AFTER_MS + 60_000) };
    expect(decideClaim(state, rule, at(THROTTLE_FORGET_AFTER_MS))).toMatchObject({ allowed: true, next: { attempts: 1 } });
  });
});

describe("retryMessage", () => {
  it("says in words how long to wait, and that the password was not checked", () => {
    expect(retryMessage(at(1000), now)).toContain("Wait 1 second, then try again");
    expect(retryMessage(at(8000), now)).toContain("Wait 8 seconds");
    expect(retryMessage(at(60_000), now)).toContain("Wait 1 minute,");
    expect(retryMessage(at(61_000), now)).toContain("Wait 2 minutes");
    expect(retryMessage(at(8000), now)).toContain("Your password was not checked");
  });
});
