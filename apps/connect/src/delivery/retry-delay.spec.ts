import { MAX_RETRY_AFTER_MS, parseRetryAfter, retryDelay } from './retry-delay';

const policy = { backoffInitialMs: 100, backoffMaxMs: 1_000 };

describe('retry delay', () => {
  it('doubles the ceiling per attempt up to the maximum, with full jitter', () => {
    expect([1, 2, 3, 4, 5, 9].map((a) => retryDelay(a, policy, 0.999_999))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(retryDelay(3, policy, 0)).toBe(0);
    expect(retryDelay(3, policy, 0.5)).toBe(200);
  });

  it('waits at least what Retry-After asks, up to a cap', () => {
    expect(retryDelay(1, policy, 0.5, 5_000)).toBe(5_000);
    expect(retryDelay(4, policy, 0.999, 10)).toBe(799);
    expect(retryDelay(1, policy, 0, 24 * 3_600_000)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-05T10:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('Thu, 05 Mar 2026 10:00:07 GMT', now)).toBe(7_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
