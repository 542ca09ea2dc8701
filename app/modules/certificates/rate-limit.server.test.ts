import { describe, expect, it } from "vitest";
import { takeRateLimit } from "./rate-limit.server.ts";

const at = (ms: number) => new Date(1_000_000 + ms);

describe("takeRateLimit (in the database)", () => {
  it("allows `limit` requests per window per key, then says when to come back", async () => {
    const take = (key: string, ms: number, cost = 1) => takeRateLimit(key, { limit: 3, windowMs: 60_000, cost, now: at(ms) });
    expect(await take("1.2.3.4", 0)).toEqual({ allowed: true });
    expect(await take("1.2.3.4", 1)).toEqual({ allowed: true });
    expect(await take("1.2.3.4", 2)).toEqual({ allowed: true });
    expect(await take("1.2.3.4", 20_000)).toEqual({ allowed: false, retryAfterSeconds: 40 });
    // Another address has its own allowance.
    expect(await take("5.6.7.8", 20_000)).toEqual({ allowed: true });
    // A new window starts once the old one has ended.
    expect(await take("1.2.3.4", 59_999)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(await take("1.2.3.4", 60_000)).toEqual({ allowed: true });
  });

  it("charges a bulk request its cost, and refuses one that would go over", async () => {
    const take = (ms: number, cost: number) => takeRateLimit("bulk", { limit: 10, windowMs: 60_000, cost, now: at(ms) });
    expect(await take(0, 7)).toEqual({ allowed: true });
    expect(await take(1, 4)).toMatchObject({ allowed: false });
    expect(await take(2, 3)).toEqual({ allowed: true });
    expect(await take(3, 11)).toMatchObject({ allowed: false });
  });

  it("never overspends when many requests arrive at once", async () => {
    const results = await Promise.all(
      Array.from({ length: 100 }, () => takeRateLimit("burst", { limit: 60, windowMs: 60_000, now: at(0) })),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(60);
  });
});
