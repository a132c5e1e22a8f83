import { initialState, type ActorState } from '@heed/actors';
import { accountDefinition } from '../../../../../libs/actors/test/fixtures/subscription.machine';
import { FoldCheckpoints } from './fold-checkpoints';

const definition = accountDefinition();
const at = (key: string, revision: number): ActorState => ({
  ...initialState(definition, key),
  inputRevision: BigInt(revision),
});

describe('fold checkpoints', () => {
  it('keeps the states that close a stretch of inputs and finds the latest that fits', () => {
    const checkpoints = new FoldCheckpoints(2, 10);
    for (const revision of [3, 9, 19, 20, 29]) checkpoints.offer(at('a', revision));
    expect(checkpoints.latest('a', () => true)?.inputRevision).toBe(29n);
    expect(checkpoints.latest('a', (s) => s.inputRevision <= 25n)?.inputRevision).toBe(19n);
    expect(checkpoints.latest('a', (s) => s.inputRevision <= 5n)).toBeUndefined();
  });

  it('forgets the actor asked about least recently', () => {
    const checkpoints = new FoldCheckpoints(2, 10);
    checkpoints.offer(at('a', 9));
    checkpoints.offer(at('b', 9));
    checkpoints.latest('a', () => true);
    checkpoints.offer(at('c', 9));
    expect(checkpoints.latest('b', () => true)).toBeUndefined();
    expect(checkpoints.latest('a', () => true)).toBeDefined();
    expect(checkpoints.latest('c', () => true)).toBeDefined();
  });
});
