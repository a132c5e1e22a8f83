/**
 * A destination's circuit breaker. After `failureThreshold` consecutive failures it opens: no
 * request goes out for `openMs`; then one trial request at a time is let through (half-open), and
 * the first success closes it. Deliveries waiting on an open breaker do not use up attempts.
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private trialInFlight = false;

  constructor(
    private readonly failureThreshold: number,
    private readonly openMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.failures < this.failureThreshold) return 'closed';
    return this.now() < this.openUntil ? 'open' : 'half-open';
  }

  /**
   * Whether a request may go out now; if not, how long to wait before asking again. A granted
   * half-open request is the trial: the caller must report its outcome.
   */
  request(): { granted: true } | { granted: false; waitMs: number } {
    const state = this.state;
    if (state === 'closed') return { granted: true };
    if (state === 'open') return { granted: false, waitMs: this.openUntil - this.now() };
    if (this.trialInFlight) return { granted: false, waitMs: Math.max(10, Math.min(this.openMs, 250)) };
    this.trialInFlight = true;
    return { granted: true };
  }

  succeeded(): void {
    this.failures = 0;
    this.trialInFlight = false;
  }

  failed(): void {
    this.failures += 1;
    this.trialInFlight = false;
    if (this.failures >= this.failureThreshold) this.openUntil = this.now() + this.openMs;
  }
}
