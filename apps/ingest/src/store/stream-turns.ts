/**
 * Runs the work given for one stream one after another, in the order given; work for different
 * streams runs concurrently. A failed turn does not fail the turns behind it.
 *
 * Why: the store's idempotency for expected revision `any` looks at the first id of an append only,
 * so whether a group of events may go in one append depends on what this process already tried to
 * append to that stream. Taking turns per stream makes that knowledge complete when a turn starts.
 */
export class StreamTurns {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` once every earlier turn of `stream` has settled; settles as `work` does. */
  async run<T>(stream: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(stream);
    const turn = before === undefined ? work() : before.then(work);
    const tail = turn.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(stream, tail);
    try {
      return await turn;
    } finally {
      if (this.tails.get(stream) === tail) this.tails.delete(stream);
    }
  }
}
