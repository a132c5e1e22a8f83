/**
 * The actors held in memory, least recently used first. Bounded by a count and an idle time:
 * anything beyond is passivated (dropped) and comes back by rehydration on its next input.
 */
export class ResidentActors<T> {
  private readonly entries = new Map<string, { value: T; touchedAt: number }>();

  constructor(
    private readonly maxResident: number,
    private readonly idleMs: number,
    private readonly now: () => number,
  ) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    // Re-insertion keeps the map in least-recently-used order.
    this.entries.delete(key);
    entry.touchedAt = this.now();
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { value, touchedAt: this.now() });
    while (this.entries.size > this.maxResident) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** The value held for a key, without touching it. */
  peek(key: string): T | undefined {
    return this.entries.get(key)?.value;
  }

  /** Whether the key is held, without touching it. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every actor idle for longer than the idle timeout; returns how many. */
  passivateIdle(): number {
    const limit = this.now() - this.idleMs;
    let dropped = 0;
    for (const [key, entry] of this.entries) {
      if (entry.touchedAt > limit) break;
      this.entries.delete(key);
      dropped++;
    }
    return dropped;
  }

  get size(): number {
    return this.entries.size;
  }
}
