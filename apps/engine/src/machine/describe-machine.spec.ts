import type { MachineTransitionView, StateNodeView } from '@heed/statechart';
import { and, not, setup, stateIn } from 'xstate';
import { accountDefinition } from '../../../../libs/actors/test/fixtures/subscription.machine';
import { describeMachine } from './describe-machine';

const nodes = (node: StateNodeView): StateNodeView[] => [node, ...node.children.flatMap(nodes)];
const transitionsOf = (node: StateNodeView): MachineTransitionView[] => nodes(node).flatMap((n) => n.transitions);

// A machine of this spec's own, with what the account machine lacks: parallel regions, `always`,
// a delay in milliseconds, combined guards and a node with an id of its own.
const door = setup({
  types: { events: {} as { type: 'Open' } | { type: 'Close' } },
  guards: { isLocked: () => false, alarmOn: stateIn('#alarm-on') },
  actions: { beep: () => undefined },
}).createMachine({
  id: 'door',
  type: 'parallel',
  states: {
    door: {
      initial: 'closed',
      states: {
        closed: { on: { Open: { guard: and(['alarmOn', not('isLocked')]), target: 'open', actions: 'beep' } } },
        open: {
          after: { 5000: 'closed' },
          always: { guard: 'alarmOn', target: '#door.alarm.on' },
          on: { Close: 'closed' },
        },
      },
    },
    alarm: { initial: 'off', states: { off: {}, on: { id: 'alarm-on', on: { Close: { actions: 'beep' } } } } },
  },
});

describe('the machine view', () => {
  it('shows every state of a machine with its path id, type and initial child', () => {
    const view = describeMachine({ machine: door, version: '7' });
    expect(view).toMatchObject({ id: 'door', version: '7', root: { id: 'door', key: 'door', type: 'parallel' } });
    expect(nodes(view.root).map((n) => [n.id, n.type, n.initial])).toEqual([
      ['door', 'parallel', null],
      ['door.door', 'compound', 'door.door.closed'],
      ['door.door.closed', 'atomic', null],
      ['door.door.open', 'atomic', null],
      ['door.alarm', 'compound', 'door.alarm.off'],
      ['door.alarm.off', 'atomic', null],
      // Named by its path, not by the id it has in the machine's config.
      ['door.alarm.on', 'atomic', null],
    ]);
  });

  it('shows event, delayed and eventless transitions with guards, targets and actions', () => {
    const transitions = transitionsOf(describeMachine({ machine: door, version: '1' }).root);
    expect(transitions).toEqual([
      {
        id: 'door.door.closed#0',
        source: 'door.door.closed',
        kind: 'event',
        event: 'Open',
        delay: null,
        guard: 'and(alarmOn, not(isLocked))',
        targets: ['door.door.open'],
        actions: ['beep'],
        reenter: false,
      },
      expect.objectContaining({ id: 'door.door.open#0', kind: 'event', event: 'Close', targets: ['door.door.closed'] }),
      expect.objectContaining({
        id: 'door.door.open#1',
        kind: 'after',
        event: 'xstate.after.5000.door.door.open',
        delay: '5000',
        targets: ['door.door.closed'],
      }),
      expect.objectContaining({ id: 'door.door.open#2', kind: 'always', event: null, guard: 'alarmOn' }),
      expect.objectContaining({ id: 'door.alarm.on#0', event: 'Close', targets: [], actions: ['beep'] }),
    ]);
  });

  it('names a delay as the machine does and inline actions as XState does', () => {
    const view = describeMachine(accountDefinition(60_000, '3'));
    const transitions = transitionsOf(view.root);
    expect(transitions.find((t) => t.kind === 'after')).toMatchObject({
      source: 'account.open.busy',
      event: 'xstate.after.idle.account.open.busy',
      delay: 'idle',
      targets: ['account.open.idle'],
      actions: ['xstate.emit'],
    });
    expect(transitions.find((t) => t.event === 'Touched' && t.reenter)).toMatchObject({
      source: 'account.open.busy',
      targets: ['account.open.busy'],
      actions: ['xstate.assign'],
    });
    expect(nodes(view.root).find((n) => n.id === 'account.closed')?.type).toBe('final');
  });
});
