import { and, assign, initialTransition, not, setup, stateIn, StateNode, transition } from 'xstate';
import type { AnyStateMachine } from 'xstate';
import { resolveStateInOnce } from './state-in-resolved-once';
import { indexTransitionsByEventType } from './transitions-by-event-type';

type Event = { type: 'go'; to: number } | { type: 'stay' } | { type: 'boom' } | { type: 'unknown.event' };

/** A small chart with what the selection has to get right: guards in order, a fallback, an ancestor's transition, `stateIn`. */
const chart = () =>
  setup({
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    types: {} as { context: { seen: number }; events: Event },
    guards: {
      toOne: ({ event }) => event.type === 'go' && event.to === 1,
      toTwo: ({ event }) => event.type === 'go' && event.to === 2,
      throws: () => {
        throw new Error('cannot tell');
      },
      inB: stateIn('#b'),
      inBAndSeen: and([stateIn('#b'), ({ context }) => context.seen > 0]),
    },
  }).createMachine({
    context: { seen: 0 },
    type: 'parallel',
    states: {
      left: {
        initial: 'a',
        on: { stay: { actions: assign({ seen: ({ context }) => context.seen + 1 }) } },
        states: {
          a: {
            on: {
              go: [
                { guard: 'toOne', target: 'b' },
                { guard: 'toTwo', target: 'c' },
                { target: 'a', reenter: true },
              ],
              boom: { guard: 'throws', target: 'b' },
            },
          },
          b: {
            id: 'b',
            on: {
              go: [
                { guard: not('inB'), target: 'a' },
                { guard: 'toTwo', target: 'c' },
              ],
            },
          },
          c: { on: { go: [{ guard: 'inBAndSeen', target: 'b' }, { target: 'a' }] } },
        },
      },
      right: {
        initial: 'off',
        states: {
          off: { always: { guard: 'inB', target: 'on' } },
          on: { always: { guard: not('inB'), target: 'off' } },
        },
      },
    },
  });

const fold = (machine: AnyStateMachine, events: readonly Event[]) => {
  let [snapshot] = initialTransition(machine);
  const values: unknown[] = [snapshot.value];
  for (const event of events) {
    [snapshot] = transition(machine, snapshot, event);
    values.push(snapshot.value);
  }
  return values;
};

const errorOf = (machine: AnyStateMachine, event: Event): string => {
  try {
    transition(machine, initialTransition(machine)[0], event);
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
};

describe('indexTransitionsByEventType and resolveStateInOnce', () => {
  const events: Event[] = [
    { type: 'go', to: 3 },
    { type: 'stay' },
    { type: 'go', to: 1 },
    { type: 'go', to: 1 },
    { type: 'unknown.event' },
    { type: 'go', to: 2 },
    { type: 'go', to: 0 },
    { type: 'go', to: 2 },
  ];

  it('select the transitions XState selects, event after event', () => {
    const indexed = indexTransitionsByEventType(resolveStateInOnce(chart()));
    const asXState = fold(chart(), events);
    expect(asXState).toContainEqual({ left: 'b', right: 'on' });
    expect(asXState).toContainEqual({ left: 'c', right: 'off' });
    expect(fold(indexed, events)).toEqual(asXState);
  });

  it("wrap a guard's error in XState's message", () => {
    const message = errorOf(chart(), { type: 'boom' });
    expect(message).toContain("Unable to evaluate guard 'throws'");
    expect(errorOf(indexTransitionsByEventType(chart()), { type: 'boom' })).toBe(message);
  });

  it("leave a node with a wildcard descriptor to XState's own selection", () => {
    const machine = indexTransitionsByEventType(
      setup({}).createMachine({ initial: 'a', states: { a: { on: { '*': 'b' } }, b: { on: { go: 'a' } } } }),
    );
    // `next` is XState's internal selection (left out of its type declarations).
    const nextOf = (node: object) => (node as { next: unknown }).next;
    expect(nextOf(machine.root.states.a!)).toBe(nextOf(StateNode.prototype));
    expect(nextOf(machine.root.states.b!)).not.toBe(nextOf(StateNode.prototype));
    expect(fold(machine, [{ type: 'stay' }, { type: 'go', to: 0 }])).toEqual(['a', 'b', 'a']);
  });

  it('keep the state nodes’ own enumerable properties as XState made them', () => {
    const plain = chart();
    const indexed = indexTransitionsByEventType(chart());
    expect(Object.keys(indexed.root.states.left!)).toEqual(Object.keys(plain.root.states.left!));
    expect(JSON.stringify(indexed.definition)).toBe(JSON.stringify(plain.definition));
  });
});
