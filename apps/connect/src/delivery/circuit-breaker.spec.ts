import { CircuitBreaker } from './circuit-breaker';

describe('circuit breaker', () => {
  it('opens after the threshold of consecutive failures, then lets one trial through', () => {
    let now = 0;
    const breaker = new CircuitBreaker(3, 1_000, () => now);
    breaker.failed();
    breaker.failed();
    breaker.succeeded();
    breaker.failed();
    breaker.failed();
    expect(breaker.request()).toEqual({ granted: true });
    breaker.failed();
    expect(breaker.state).toBe('open');
    now = 400;
    expect(breaker.request()).toEqual({ granted: false, waitMs: 600 });
    now = 1_000;
    expect(breaker.request()).toEqual({ granted: true });
    expect(breaker.request().granted).toBe(false);
    breaker.failed();
    expect(breaker.state).toBe('open');
    now = 2_000;
    expect(breaker.request()).toEqual({ granted: true });
    breaker.succeeded();
    expect(breaker.state).toBe('closed');
    expect(breaker.request()).toEqual({ granted: true });
  });
});
