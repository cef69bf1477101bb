import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

describe('RateLimiter', () => {
  it('allows up to the limit in a window and resets after it', () => {
    let now = 0;
    const limiter = new RateLimiter({ limit: 2, windowMs: 1000 }, () => now);
    expect(limiter.hit('k').allowed).toBe(true);
    expect(limiter.hit('k').allowed).toBe(true);
    const third = limiter.hit('k');
    expect(third.allowed).toBe(false);
    expect(third.retryAfterSeconds).toBe(1);
    expect(limiter.hit('other').allowed).toBe(true);
    now = 1000;
    expect(limiter.hit('k').allowed).toBe(true);
  });

  it('check() does not count', () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000 }, () => 0);
    expect(limiter.check('k').remaining).toBe(1);
    limiter.hit('k');
    expect(limiter.check('k').remaining).toBe(0);
    expect(limiter.check('k').allowed).toBe(true);
  });
});
