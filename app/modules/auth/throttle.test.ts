import { describe, expect, it } from "vitest";
import { decideThrottle, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, retryMessage, THROTTLE_WINDOW_MS } from "./throttle.ts";

const now = new Date("2026-11-22T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const times = (n: number, step = 1000) => Array.from({ length: n }, (_, i) => ago((n - i) * step));

describe("decideThrottle", () => {
  it("allows sign-in below the limits", () => {
    expect(decideThrottle(times(MAX_FAILURES_PER_ACCOUNT - 1), times(MAX_FAILURES_PER_ADDRESS - 1), now)).toEqual({ allowed: true });
  });

  it("blocks an account at the limit until its oldest failure ages out", () => {
    const failures = times(MAX_FAILURES_PER_ACCOUNT, 60_000);
    const decision = decideThrottle(failures, [], now);
    expect(decision).toEqual({ allowed: false, retryAt: new Date(failures[0]!.getTime() + THROTTLE_WINDOW_MS) });
  });

  it("blocks an address at its limit", () => {
    expect(decideThrottle([], times(MAX_FAILURES_PER_ADDRESS), now).allowed).toBe(false);
  });

  it("ignores failures older than the window", () => {
    const old = Array.from({ length: 50 }, () => ago(THROTTLE_WINDOW_MS + 1));
    expect(decideThrottle(old, old, now)).toEqual({ allowed: true });
  });

  it("says in words when to try again", () => {
    expect(retryMessage(new Date(now.getTime() + 61_000), now)).toContain("Try again in 2 minutes (after 12:01 UTC)");
    expect(retryMessage(new Date(now.getTime() + 5_000), now)).toContain("Try again in 1 minute ");
  });
});
