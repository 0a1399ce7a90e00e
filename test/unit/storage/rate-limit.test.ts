/** `bwlimit` on a bucket: every transfer of a location shares one even rate, and a cancel stops a wait. */
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../electron/engine/storage/rate-limit.js';

describe('the bandwidth limit', () => {
  it('holds several transfers together to the rate', async () => {
    const limiter = new RateLimiter(400 * 1024); // 400 KiB/s
    const t0 = Date.now();
    await Promise.all([0, 1].map(async () => {
      for await (const _ of limiter.throttled(Buffer.alloc(300 * 1024))) void _;
    }));
    const seconds = (Date.now() - t0) / 1000;
    // 600 KiB at 400 KiB/s, minus the quarter second it may start with: at least ~1.25 s.
    expect(seconds).toBeGreaterThan(1.1);
    expect(seconds).toBeLessThan(4);
  });

  it('stops waiting when the run is cancelled', async () => {
    const limiter = new RateLimiter(10 * 1024);
    const ac = new AbortController();
    // The first take uses up the start; the second must wait ~100 s for its turn — unless cancelled.
    await limiter.take(10 * 1024, ac.signal);
    const t0 = Date.now();
    const wait = limiter.take(1024 * 1024, ac.signal).then(() => 'done', (e: Error) => e.name);
    setTimeout(() => ac.abort(), 50);
    expect(await wait).toBe('AbortError');
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
