import { describe, expect, it } from "vitest";
import { FixedWindowRateLimit } from "./rate-limit.ts";

describe("FixedWindowRateLimit", () => {
  it("allows `limit` requests per window per key, then says when to come back", () => {
    const limit = new FixedWindowRateLimit(3, 60_000);
    const t0 = 1_000_000;
    expect(limit.take("1.2.3.4", t0)).toEqual({ allowed: true, remaining: 2 });
    expect(limit.take("1.2.3.4", t0 + 1)).toEqual({ allowed: true, remaining: 1 });
    expect(limit.take("1.2.3.4", t0 + 2)).toEqual({ allowed: true, remaining: 0 });
    expect(limit.take("1.2.3.4", t0 + 20_000)).toEqual({ allowed: false, retryAfterSeconds: 40 });
    // Another address has its own allowance.
    expect(limit.take("5.6.7.8", t0 + 20_000)).toMatchObject({ allowed: true });
    // A new window starts once the old one has ended.
    expect(limit.take("1.2.3.4", t0 + 59_999)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect(limit.take("1.2.3.4", t0 + 60_000)).toEqual({ allowed: true, remaining: 2 });
  });

  it("charges a bulk request its cost, and refuses one that would go over", () => {
    const limit = new FixedWindowRateLimit(10, 60_000);
    expect(limit.take("a", 0, 7)).toEqual({ allowed: true, remaining: 3 });
    expect(limit.take("a", 1, 4)).toMatchObject({ allowed: false });
    expect(limit.take("a", 2, 3)).toEqual({ allowed: true, remaining: 0 });
  });

  it("keeps memory bounded when many addresses come and go", () => {
    const limit = new FixedWindowRateLimit(1, 1000, 100);
    for (let i = 0; i < 1000; i++) limit.take(`10.0.${Math.floor(i / 256)}.${i % 256}`, i * 10);
    expect(limit.size).toBeLessThanOrEqual(100);
    // Even when every window is still open, pruning keeps the map under its cap.
    const busy = new FixedWindowRateLimit(1, 1_000_000, 50);
    for (let i = 0; i < 500; i++) busy.take(`k${i}`, i);
    expect(busy.size).toBeLessThanOrEqual(50);
  });
});
