import { findSignalByType, type CustomerSignal, type CustomerSignalType } from '@heed/domain';

type SignalOf<T extends CustomerSignalType> = Extract<CustomerSignal, { type: T }>;

/**
 * The signals of one simulated customer, built in any order and read back in time order. Times are
 * epoch milliseconds while building; each signal carries its ISO-8601 `occurredAt`.
 */
export class CustomerTimeline {
  private readonly entries: Array<{ at: number; order: number; signal: CustomerSignal }> = [];

  constructor(
    readonly customerId: string,
    /** Signals before `from` or after `until` are dropped: the simulation's window. */
    private readonly from: number,
    private readonly until: number,
  ) {}

  /** Adds a signal at `at` (epoch ms); returns whether it fell inside the window. */
  add<T extends CustomerSignalType>(type: T, at: number, properties: SignalOf<T>['properties']): boolean {
    const time = Math.round(at);
    if (time < this.from || time >= this.until) return false;
    const signal = {
      type,
      customerId: this.customerId,
      occurredAt: new Date(time).toISOString(),
      version: findSignalByType(type)?.currentVersion ?? 1,
      properties,
    } as SignalOf<T>;
    this.entries.push({ at: time, order: this.entries.length, signal });
    return true;
  }

  /** The signals in time order (ties keep the order they were added in). */
  signals(): CustomerSignal[] {
    return [...this.entries].sort((a, b) => a.at - b.at || a.order - b.order).map((e) => e.signal);
  }
}
