/** How many of a consumer's latest answers its statistics are computed over, as on EventStoreDB. */
const WINDOW = 1000;

/** One named figure of a connection's extra statistics, in whole milliseconds. */
export type Measurement = Readonly<{ key: string; value: number }>;

/**
 * The time a consumer took to answer (ack or nack) its latest messages, and the figures
 * EventStoreDB reports for them when a group has `extraStatistics`: mean, median, fastest,
 * quintiles, high percentiles and highest, in that order and under those names.
 */
export class LatencyWindow {
  private readonly samples: number[] = [];
  private next = 0;

  record(ms: number): void {
    const whole = Math.max(0, Math.floor(ms));
    if (this.samples.length < WINDOW) this.samples.push(whole);
    else {
      this.samples[this.next] = whole;
      this.next = (this.next + 1) % WINDOW;
    }
  }

  /** None until a message was answered. */
  measurements(): Measurement[] {
    if (this.samples.length === 0) return [];
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (percent: number): number => {
      const index = Math.min(sorted.length - 1, Math.floor((percent / 100) * sorted.length));
      return sorted[index]!;
    };
    const sum = sorted.reduce((total, value) => total + value, 0);
    return [
      { key: 'Mean', value: Math.floor(sum / sorted.length) },
      { key: 'Median', value: sorted[Math.floor(sorted.length / 2)]! },
      { key: 'Fastest', value: sorted[0]! },
      ...[0, 20, 40, 60, 80].map((percent, i) => ({ key: `Quintile ${i + 1}`, value: at(percent) })),
      ...[90, 95, 99, 99.5, 99.9].map((percent) => ({ key: `${percent}%`, value: at(percent) })),
      { key: 'Highest', value: sorted[sorted.length - 1]! },
    ];
  }
}
