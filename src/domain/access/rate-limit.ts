// A fixed-window counter per key (e.g. "login:ip:1.2.3.4"). Pure apart from the clock passed
// in, so tests drive time directly. Kept in memory: one Tandem process serves one district
// office; a multi-process deployment would put this in the database.
export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly rule: RateLimitRule,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records one event for key and says whether it is within the limit. */
  hit(key: string): RateLimitResult {
    const t = this.now();
    this.sweep(t);
    let entry = this.hits.get(key);
    if (!entry || entry.resetAt <= t) {
      entry = { count: 0, resetAt: t + this.rule.windowMs };
      this.hits.set(key, entry);
    }
    entry.count += 1;
    return this.result(entry, t);
  }

  /** Whether key is currently over its limit, without counting an event. */
  check(key: string): RateLimitResult {
    const t = this.now();
    const entry = this.hits.get(key);
    if (!entry || entry.resetAt <= t) {
      return { allowed: true, remaining: this.rule.limit, retryAfterSeconds: 0 };
    }
    return this.result(entry, t, 0);
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  clear(): void {
    this.hits.clear();
  }

  private result(entry: { count: number; resetAt: number }, t: number, extra = 0): RateLimitResult {
    const used = entry.count + extra;
    return {
      allowed: used <= this.rule.limit,
      remaining: Math.max(0, this.rule.limit - used),
      retryAfterSeconds: Math.max(1, Math.ceil((entry.resetAt - t) / 1000)),
    };
  }

  // Keeps memory bounded under a flood of distinct keys.
  private sweep(t: number): void {
    if (this.hits.size < 10_000) return;
    for (const [key, entry] of this.hits) if (entry.resetAt <= t) this.hits.delete(key);
  }
}
