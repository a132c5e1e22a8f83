/**
 * Gathers acknowledgements made during one turn of the event loop (up to `max`) and sends them in
 * one message: the store then pays its per-message cost once per batch, not once per event. Each
 * caller still learns when its own acknowledgement was sent.
 */
export class AckBatcher<E> {
  private events: E[] = [];
  private waiting: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  private scheduled = false;

  constructor(
    private readonly send: (events: E[]) => Promise<void>,
    private readonly max = 64,
  ) {}

  ack(event: E): Promise<void> {
    return new Promise((resolve, reject) => {
      this.events.push(event);
      this.waiting.push({ resolve, reject });
      if (this.events.length >= this.max) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  /** Sends what is gathered now. */
  flush(): void {
    if (this.events.length === 0) return;
    const events = this.events;
    const waiting = this.waiting;
    this.events = [];
    this.waiting = [];
    this.send(events).then(
      () => waiting.forEach((w) => w.resolve()),
      (error: unknown) => waiting.forEach((w) => w.reject(error)),
    );
  }
}
