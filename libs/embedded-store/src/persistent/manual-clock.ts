import { type GroupClock } from './subscription-group';

/** A simulated clock for specs: time moves only when `advance` is called, firing due timers in order. */
export class ManualClock implements GroupClock {
  private time = 0;
  private timers: Array<{ at: number; fire: () => void; id: number }> = [];
  private nextId = 0;

  now(): number {
    return this.time;
  }

  setTimer(delayMs: number, fire: () => void): () => void {
    const id = this.nextId++;
    this.timers.push({ at: this.time + delayMs, fire, id });
    return () => {
      this.timers = this.timers.filter((t) => t.id !== id);
    };
  }

  /** Moves time forward by `ms`, firing each timer due on the way at its own time. */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.fire();
    }
    this.time = until;
    await settle();
  }
}

/** Lets pending promise callbacks (the in-memory store's IO) run to completion. */
export const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};
