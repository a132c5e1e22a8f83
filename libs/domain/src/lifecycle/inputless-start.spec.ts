import { assign, createActor, initialTransition, setup, transition } from 'xstate';
import type { AnyStateMachine } from 'xstate';
import { computeInputlessStartOnce } from './inputless-start';

const counter = () =>
  setup({
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    types: {} as { context: { id: string; count: number }; events: { type: 'add'; by: number }; input: { id: string } },
  }).createMachine({
    context: ({ input }) => {
      if ((input as { id: string } | undefined) === undefined) throw new Error('no input');
      return { id: input.id, count: 0 };
    },
    initial: 'low',
    states: {
      low: { always: { guard: ({ context }) => context.count >= 3, target: 'high' } },
      high: {},
    },
    on: { add: { actions: assign({ count: ({ context, event }) => context.count + event.by }) } },
  });

describe('computeInputlessStartOnce', () => {
  it('computes the start without input once and hands out the same error snapshot', () => {
    const machine = computeInputlessStartOnce(counter()) as AnyStateMachine;
    const first = createActor(machine).getSnapshot();
    const second = createActor(machine).getSnapshot();
    expect(first.status).toBe('error');
    expect((first.error as Error).message).toBe('no input');
    expect(second).toBe(first);
  });

  it('starts with input as always, every time', () => {
    const machine = computeInputlessStartOnce(counter());
    const [a] = initialTransition(machine, { id: 'a' });
    const [b] = initialTransition(machine, { id: 'b' });
    expect(a.context).toEqual({ id: 'a', count: 0 });
    expect(b.context).toEqual({ id: 'b', count: 0 });
  });

  it('folds events to the same states and actions as the machine without it', () => {
    const plain = counter();
    const once = computeInputlessStartOnce(counter());
    let [p] = initialTransition(plain, { id: 'c' });
    let [o] = initialTransition(once, { id: 'c' });
    for (const by of [1, 1, 2, 5]) {
      const [nextP, actionsP] = transition(plain, p, { type: 'add', by });
      const [nextO, actionsO] = transition(once, o, { type: 'add', by });
      expect(nextO.value).toEqual(nextP.value);
      expect(nextO.context).toEqual(nextP.context);
      expect(actionsO.map((a) => a.type)).toEqual(actionsP.map((a) => a.type));
      [p, o] = [nextP, nextO];
    }
    expect(o.value).toBe('high');
  });
});
