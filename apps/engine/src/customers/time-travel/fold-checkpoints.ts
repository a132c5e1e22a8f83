import type { ActorState } from '@heed/actors';

/**
 * States of actors' folds, kept in memory every `every` inputs, so that time travel starts near
 * any point of a long stream rather than at the stored snapshot before it (one every
 * `HEED_SNAPSHOT_EVERY` inputs). Studio scrubs one customer's history: the first question folds the stream once,
 * the next ones fold at most `every` inputs.
 *
 * Only states of a plain fold (every input up to theirs taken) are kept: an input stream only
 * grows, so such a state never changes while the machine does not, and the engine's machine does
 * not change while it runs. A late input that belongs before a kept state makes the fold start
 * again from the beginning (ADR 0078). Bounded: the actors asked about least recently are
 * forgotten first.
 */
export class FoldCheckpoints {
  /** By actor key, in order of last use; each actor's states by increasing revision. */
  private readonly byKey = new Map<string, ActorState[]>();

  constructor(
    private readonly maxActors = 32,
    private readonly every = 500,
  ) {}

  /** The kept state with the highest revision that `fits`, if any. */
  latest(key: string, fits: (state: ActorState) => boolean): ActorState | undefined {
    const states = this.byKey.get(key);
    if (states === undefined) return undefined;
    this.byKey.delete(key);
    this.byKey.set(key, states);
    return states.findLast(fits);
  }

  /** Offers a state of a plain fold; kept when its revision closes a stretch of `every` inputs. */
  offer(state: ActorState): void {
    if ((state.inputRevision + 1n) % BigInt(this.every) !== 0n) return;
    let states = this.byKey.get(state.key);
    if (states === undefined) {
      if (this.byKey.size >= this.maxActors) this.byKey.delete(this.byKey.keys().next().value!);
      this.byKey.set(state.key, (states = []));
    }
    if (states.some((s) => s.inputRevision === state.inputRevision)) return;
    states.push(state);
    states.sort((a, b) => (a.inputRevision < b.inputRevision ? -1 : 1));
  }
}
