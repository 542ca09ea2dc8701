/**
 * A fixed-window rate limit kept in memory (pure apart from the Map it owns; the clock is passed
 * in). Each key (a client address) may make `limit` requests per window; the window starts with
 * the key's first request. Good enough for one server process; see docs/decisions/0008.
 */
export type RateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

export class FixedWindowRateLimit {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Spends `cost` requests of `key`'s allowance, or refuses (spending nothing) when too few are left. */
  take(key: string, now: number = Date.now(), cost = 1): RateDecision {
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      if (!window && this.windows.size >= this.maxKeys) this.prune(now);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    if (window.count + cost > this.limit) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000)) };
    }
    window.count += cost;
    return { allowed: true, remaining: this.limit - window.count };
  }

  /** Forgets windows that have ended (and, if still full, the oldest ones) so memory stays bounded. */
  private prune(now: number) {
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
    if (this.windows.size < this.maxKeys) return;
    const oldest = [...this.windows.entries()].sort((a, b) => a[1].start - b[1].start).slice(0, Math.ceil(this.maxKeys / 10));
    for (const [key] of oldest) this.windows.delete(key);
  }

  get size() {
    return this.windows.size;
  }
}
