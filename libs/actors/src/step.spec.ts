import { accountDefinition, recorded } from '../test/fixtures/subscription.machine';
import { fromSnapshotData, toSnapshotData } from './actor-snapshot';
import { fold } from './fold';
import { initialState, step } from './step';
import { TIMER_FIRED } from './timers';

const definition = accountDefinition(60_000);
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1) + minute * 60_000).toISOString();

describe('step: one input folded, effects returned as data', () => {
  it('turns the initial state’s delay into a timer due one delay after the first input', () => {
    const { state, outputs } = step(definition, initialState(definition, 'a1'), recorded(0, 'Touched', { at: at(0) }));
    expect(state.inputRevision).toBe(0n);
    expect(Object.values(state.timers)).toEqual([
      {
        timerId: 'xstate.after.idle.account.open.busy',
        dueAt: at(1),
        event: { type: 'xstate.after.idle.account.open.busy' },
      },
    ]);
    expect(outputs.map((o) => o.type)).toEqual(['TimerScheduled']);
  });

  it('fires a due timer: the transition, its command event and a state change', () => {
    const s1 = step(definition, initialState(definition, 'a1'), recorded(0, 'Touched', { at: at(0) })).state;
    const { state, outputs } = step(
      definition,
      s1,
      recorded(1, TIMER_FIRED, { key: 'a1', timerId: 'xstate.after.idle.account.open.busy', dueAt: at(1) }),
    );
    expect(state.snapshot.value).toEqual({ open: 'idle' });
    expect(state.timers).toEqual({});
    expect(outputs).toEqual([
      {
        type: 'StateChanged',
        data: {
          key: 'a1',
          from: { open: 'busy' },
          to: { open: 'idle' },
          cause: { type: TIMER_FIRED, revision: '1' },
          at: at(1),
        },
      },
      { type: 'ReminderRequested', data: { key: 'a1', touches: 1 } },
    ]);
  });

  it('skips a timer that was cancelled or re-set since (another due time)', () => {
    const s1 = step(definition, initialState(definition, 'a1'), recorded(0, 'Touched', { at: at(0) })).state;
    const s2 = step(definition, s1, recorded(1, 'Touched', { at: at(0.5) })).state;
    const stale = step(
      definition,
      s2,
      recorded(2, TIMER_FIRED, { key: 'a1', timerId: 'xstate.after.idle.account.open.busy', dueAt: at(1) }),
    );
    expect(stale.outputs).toEqual([]);
    expect(stale.state.snapshot.value).toEqual({ open: 'busy' });
    expect(stale.state.inputRevision).toBe(2n);
  });

  it('cancels the timer of a state that is left, and says so', () => {
    const s1 = step(definition, initialState(definition, 'a1'), recorded(0, 'Touched', { at: at(0) })).state;
    const { state, outputs } = step(definition, s1, recorded(1, 'Closed', { at: at(0.5) }));
    expect(state.timers).toEqual({});
    expect(outputs.map((o) => o.type)).toEqual(['StateChanged', 'FarewellRequested', 'TimerCancelled']);
  });

  it('skips inputs the definition does not take, advancing the revision only', () => {
    const s0 = initialState(definition, 'a1');
    const { state, outputs } = step(definition, s0, recorded(0, 'SomethingElse', {}));
    expect(outputs).toEqual([]);
    expect(state.inputRevision).toBe(0n);
    expect(state.started).toBe(false);
  });

  it('rejects an input the machine throws on, on the record, and goes on', () => {
    const s1 = step(definition, initialState(definition, 'a1'), recorded(0, 'Touched', { at: at(0) })).state;
    const { state, outputs } = step(definition, s1, recorded(1, 'Boom', { at: at(1) }));
    expect(outputs).toEqual([
      {
        type: 'InputRejected',
        data: { key: 'a1', cause: { type: 'Boom', revision: '1' }, reason: expect.stringContaining('boom') as unknown },
      },
    ]);
    expect(state.inputRevision).toBe(1n);
    expect(state.snapshot.value).toEqual(s1.snapshot.value);
    expect(step(definition, state, recorded(2, 'Closed', { at: at(2) })).state.snapshot.value).toBe('closed');
  });

  it('folds to the same state as stepping, and survives a JSON snapshot round trip', () => {
    const inputs = [
      recorded(0, 'Touched', { at: at(0) }),
      recorded(1, 'Touched', { at: at(0.2) }),
      recorded(2, TIMER_FIRED, { key: 'a1', timerId: 'xstate.after.idle.account.open.busy', dueAt: at(1.2) }),
      recorded(3, 'Touched', { at: at(3) }),
    ];
    let live = initialState(definition, 'a1');
    for (const input of inputs) live = step(definition, live, input).state;
    const replayed = fold(definition, initialState(definition, 'a1'), inputs);
    expect(replayed.snapshot.value).toEqual(live.snapshot.value);
    expect(replayed.snapshot.context).toEqual(live.snapshot.context);
    expect(replayed.timers).toEqual(live.timers);

    const stored = JSON.parse(JSON.stringify(toSnapshotData(definition, live))) as unknown;
    const restored = fromSnapshotData(definition, 'a1', stored);
    expect(restored?.snapshot.value).toEqual(live.snapshot.value);
    const next = recorded(4, 'Closed', { at: at(4) });
    expect(step(definition, restored!, next).outputs).toEqual(step(definition, live, next).outputs);
  });

  it('ignores snapshots of another machine version, another actor, or garbage', () => {
    const stored = toSnapshotData(definition, initialState(definition, 'a1'));
    expect(fromSnapshotData(accountDefinition(60_000, '2'), 'a1', stored)).toBeUndefined();
    expect(fromSnapshotData(definition, 'a2', stored)).toBeUndefined();
    expect(
      fromSnapshotData(definition, 'a1', { ...stored, snapshot: { value: 'nowhere', status: 'active' } }),
    ).toBeUndefined();
    expect(fromSnapshotData(definition, 'a1', 'garbage')).toBeUndefined();
  });
});
