import { describe, expect, it } from "vitest";
import { RETRY_CAP_MS, describeError, periodSlot, retryDelayMs } from "./jobs.ts";

describe("retryDelayMs", () => {
  it("doubles from 10 seconds, half fixed and half random, and never waits more than an hour", () => {
    const least = (attempt: number) => retryDelayMs(attempt, () => 0);
    const most = (attempt: number) => retryDelayMs(attempt, () => 1);
    expect([1, 2, 3, 4].map(most)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect([1, 2, 3, 4].map(least)).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(retryDelayMs(2, () => 0.5)).toBe(15_000);
    expect(most(30)).toBe(RETRY_CAP_MS);
    expect(least(30)).toBe(RETRY_CAP_MS / 2);
  });
});

describe("periodSlot", () => {
  it("names the hour a moment falls in, the same for every moment in it", () => {
    const hour = 60 * 60 * 1000;
    expect(periodSlot(new Date("2026-12-04T21:00:00.000Z"), hour)).toBe("2026-12-04T21:00:00.000Z");
    expect(periodSlot(new Date("2026-12-04T21:59:59.999Z"), hour)).toBe("2026-12-04T21:00:00.000Z");
    expect(periodSlot(new Date("2026-12-04T22:00:00.000Z"), hour)).toBe("2026-12-04T22:00:00.000Z");
  });
});

describe("describeError", () => {
  it("keeps the error's name and message, at most 2,000 characters", () => {
    expect(describeError(new TypeError("no such mailbox"))).toBe("TypeError: no such mailbox");
    expect(describeError("x".repeat(5000))).toHaveLength(2000);
  });
});
