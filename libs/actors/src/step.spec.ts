import {
  SimulatedClock,
  assign,
  cancel,
  createActor,
  createMachine,
  raise,
  sendTo,
  setup,
  stateIn,
  type AnyStateMachine,
  type InputFrom,
} from 'xstate';
import { accountDefinition, recorded, type AccountMachine } from '../test/fixtures/subscription.machine';
import type { ActorDefinition, RecordedInput } from './actor-definition';
import { fromSnapshotData, toSnapshotData } from './actor-snapshot';
import type { ActorState } from './actor-state';
import { fold } from './fold';
import { initialState, outputId, step } from './step';
import { TIMER_FIRED, firingId } from './timers';

const definition = accountDefinition(60_000);
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1) + minute * 60_000).toISOString();
const IDLE_TIMER = 'xstate.after.idle.account.open.busy';

describe('step: one input folded, effects returned as data', () => {
  it('turns the initial state’s delay into a timer due one delay after the first input', () => {
    const first = recorded(0, 'Touched', { at: at(0) });
    const { state, outputs } = step(definition, initialState(definition, 'a1'), first);
    expect(state.inputRevision).toBe(0n);
    expect(Object.values(state.timers)).toEqual([
      {
        timerId: 'xstate.after.idle.account.open.busy',
        dueAt: at(1),
        event: { type: 'xstate.after.idle.account.open.busy' },
        // Its firing, named after the input that set it.
        firing: firingId('a1', IDLE_TIMER, at(1), first.id),
        // The first timer the actor set.
        seq: 0,
      },
    ]);
    // The first input enters the actor into the machine: a change from null.
    expect(outputs.map((o) => o.type)).toEqual(['StateChanged', 'TimerScheduled']);
    expect(outputs[0]!.data).toMatchObject({ from: null, to: { open: 'busy' }, at: at(0) });
  });

  it('starts every actor from one initial transition when the definition says how (initialFor)', () => {
    const machine = definition.machine;
    let entered = 0;
    const getInitialSnapshot = machine.getInitialSnapshot.bind(machine);
    const counted = Object.assign(Object.create(Object.getPrototypeOf(machine) as object) as AccountMachine, machine, {
      getInitialSnapshot: (...args: Parameters<AccountMachine['getInitialSnapshot']>) => {
        // Starts for an actor's key (XState also starts throw-away actors without one, or with '').
        if (((args[1] as { key?: string } | undefined)?.key ?? '') !== '') entered++;
        return getInitialSnapshot(...args);
      },
    });
    const rekeyed: ActorDefinition<AccountMachine> = {
      ...definition,
      machine: counted,
      initialFor: (initial, key) => ({ ...initial, context: { ...initial.context, key } }),
    };
    const first = recorded(0, 'Touched', { at: at(0) });
    for (const key of ['a1', 'a2', 'a3']) {
      const reference = step(definition, initialState(definition, key), first);
      const fromOne = step(rekeyed, initialState(rekeyed, key), first);
      expect(fromOne.state.snapshot.context).toEqual({ key, touches: 1 });
      expect(fromOne.outputs).toEqual(reference.outputs);
      expect(fromOne.state.timers).toEqual(reference.state.timers);
    }
    // Entered once, for the first actor; each actor's first input took the start's timer.
    expect(entered).toBe(1);
    // Without it, every actor is entered anew.
    const plain: ActorDefinition<AccountMachine> = { ...definition, machine: counted };
    initialState(plain, 'b1');
    initialState(plain, 'b2');
    expect(entered).toBe(3);
  });

  it('applies the initial actions to the first input however the unstarted state came to be', () => {
    const first = recorded(0, 'Touched', { at: at(0) });
    const fresh = initialState(definition, 'a1');
    const once = step(definition, fresh, first);
    // The same unstarted state stepped again (a retry), and one rebuilt from its snapshot data
    // (no kept actions): the same timer scheduled, the same outputs.
    const again = step(definition, fresh, first);
    const restored = fromSnapshotData(definition, 'a1', toSnapshotData(definition, fresh))!;
    const fromRestored = step(definition, restored, first);
    expect(once.outputs.map((o) => o.type)).toEqual(['StateChanged', 'TimerScheduled']);
    expect(again.outputs).toEqual(once.outputs);
    expect(fromRestored.outputs).toEqual(once.outputs);
    expect(fromRestored.state.timers).toEqual(once.state.timers);
  });

  it('fires a due timer: the transition, its command event and a state change', () => {
    const touched = recorded(0, 'Touched', { at: at(0) });
    const s1 = step(definition, initialState(definition, 'a1'), touched).state;
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
          cause: {
            type: TIMER_FIRED,
            id: firingId('a1', IDLE_TIMER, at(1), touched.id),
            timerId: IDLE_TIMER,
            dueAt: at(1),
          },
          at: at(1),
        },
      },
      { type: 'ReminderRequested', data: { key: 'a1', touches: 1 } },
    ]);
  });

  it('gives a timer set again with the same due time after it fired a firing of its own', () => {
    // No delay: the timer is due at the clock. An input earlier than the clock leaves the clock where
    // it was, so setting the timer again gives the same due time as the firing before.
    const instant = accountDefinition(0);
    const fired = (state: ActorState<AccountMachine>, dueAt: string, firing?: string) =>
      step(instant, state, recorded(9, TIMER_FIRED, { key: 'a1', timerId: IDLE_TIMER, dueAt, firing }));
    const set = step(instant, initialState(instant, 'a1'), recorded(0, 'Touched', { at: at(10) }));
    const firstFiring = set.state.timers[IDLE_TIMER]!.firing!;
    const first = fired(set.state, at(10), firstFiring);
    expect(first.state.snapshot.value).toEqual({ open: 'idle' });
    const setAgain = step(instant, first.state, recorded(1, 'Touched', { at: at(5) }));
    expect(setAgain.state.timers[IDLE_TIMER]).toMatchObject({ dueAt: at(10) });
    expect(setAgain.state.timers[IDLE_TIMER]!.firing).not.toBe(firstFiring);
    expect(setAgain.outputs.map((o) => o.type)).toContain('TimerScheduled');
    // The first firing's TimerFired, delivered again, says the clock reached the due time: the
    // second timer, due then, fires, as its own firing.
    const stale = fired(setAgain.state, at(10), firstFiring);
    expect(stale.state.snapshot.value).toEqual({ open: 'idle' });
    expect(stale.effects[0]!.cause.id).toBe(setAgain.state.timers[IDLE_TIMER]!.firing);
    // Or it fires in front of a later input: the same outputs, with ids of their own.
    const second = step(instant, setAgain.state, recorded(2, 'Touched', { at: at(20) }));
    const firstIds = first.effects.flatMap((effect) => effect.outputs.map((_, i) => outputId(effect, i)));
    const secondIds = second.effects.flatMap((effect) => effect.outputs.map((_, i) => outputId(effect, i)));
    expect(second.effects[0]!.cause).toMatchObject({
      type: TIMER_FIRED,
      id: setAgain.state.timers[IDLE_TIMER]!.firing,
    });
    expect(secondIds.filter((id) => firstIds.includes(id))).toEqual([]);
    const staleIds = stale.effects.flatMap((effect) => effect.outputs.map((_, i) => outputId(effect, i)));
    expect(staleIds).toEqual(secondIds.slice(0, staleIds.length));
  });

  it('fires every timer due by a TimerFired, the one it names cancelled since or not', () => {
    // A re-fold after a late input can leave a timer pending that the live fold fired in front of
    // another timer's TimerFired; that input must fire it again in the re-fold, as it did live.
    const s1 = step(definition, initialState(definition, 'a1'), recorded(0, 'Touched', { at: at(0) })).state;
    const elsewhere = step(
      definition,
      s1,
      recorded(1, TIMER_FIRED, { key: 'a1', timerId: 'xstate.after.other.timer', dueAt: at(2) }),
    );
    expect(elsewhere.state.snapshot.value).toEqual({ open: 'idle' });
    expect(elsewhere.effects[0]!.cause).toMatchObject({ type: TIMER_FIRED, timerId: IDLE_TIMER, dueAt: at(1) });
    // One whose due time is behind every pending timer's fires nothing.
    const early = step(definition, s1, recorded(1, TIMER_FIRED, { key: 'a1', timerId: IDLE_TIMER, dueAt: at(0.5) }));
    expect(early.outputs).toEqual([]);
    expect(early.state.timers).toEqual(s1.timers);
  });

  it('keeps the firing of a pending timer set again with the due time it has', () => {
    // Re-entering `busy` sets the idle timer again; an input earlier than the clock gives the same
    // due time: the same timer, nothing to report.
    const set = step(definition, initialState(definition, 'a1'), recorded(0, 'Touched', { at: at(0) }));
    const again = step(definition, set.state, recorded(1, 'Touched', { at: at(-0.5) }));
    const { seq, ...kept } = again.state.timers[IDLE_TIMER]!;
    const { seq: seqBefore, ...before } = set.state.timers[IDLE_TIMER]!;
    expect(kept).toEqual(before);
    // Set again: after every timer pending (as XState's own actor schedules it anew).
    expect(seq).toBeGreaterThan(seqBefore!);
    expect(again.outputs.map((o) => o.type)).not.toContain('TimerScheduled');
  });

  it('fires a timer set before firings were named from a TimerFired without one', () => {
    const s1 = step(definition, initialState(definition, 'a1'), recorded(0, 'Touched', { at: at(0) })).state;
    // As a snapshot of an earlier version has it: no firing.
    const { firing: _, ...unnamed } = s1.timers[IDLE_TIMER]!;
    const earlier = { ...s1, timers: { [IDLE_TIMER]: unnamed } };
    const fired = step(definition, earlier, recorded(1, TIMER_FIRED, { key: 'a1', timerId: IDLE_TIMER, dueAt: at(1) }));
    expect(fired.state.snapshot.value).toEqual({ open: 'idle' });
    expect(fired.effects[0]!.cause.id).toBe(firingId('a1', IDLE_TIMER, at(1)));
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
    const boom = recorded(1, 'Boom', { at: at(0.5) });
    const { state, outputs } = step(definition, s1, boom);
    expect(outputs).toEqual([
      {
        type: 'InputRejected',
        data: { key: 'a1', cause: { type: 'Boom', id: boom.id }, reason: expect.stringContaining('boom') as unknown },
      },
    ]);
    expect(state.inputRevision).toBe(1n);
    expect(state.snapshot.value).toEqual(s1.snapshot.value);
    expect(step(definition, state, recorded(2, 'Closed', { at: at(0.6) })).state.snapshot.value).toBe('closed');
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
    expect(fromSnapshotData(definition, 'a1', { ...stored, foldVersion: '1' })).toBeUndefined();
  });
});

/** The outputs of folding inputs one by one, each with the id the runtime gives it. */
function outputsOf(
  inputs: readonly RecordedInput[],
  from: ActorState<AccountMachine> = initialState(definition, 'a1'),
) {
  let state = from;
  const written: Array<{ id: string; type: string; data: unknown }> = [];
  for (const input of inputs) {
    const result = step(definition, state, input);
    for (const effect of result.effects)
      effect.outputs.forEach((o, i) => written.push({ id: outputId(effect, i), type: o.type, data: o.data }));
    state = result.state;
  }
  return { state, written };
}

describe('step: timers in event time', () => {
  const timerFired = (revision: number, dueAt: string, key = 'a1') =>
    recorded(revision, TIMER_FIRED, { key, timerId: IDLE_TIMER, dueAt });

  it('fires a timer due before an input in front of it, as the wall clock would have between them', () => {
    const first = recorded(0, 'Touched', { at: at(0) });
    const later = recorded(1, 'Touched', { at: at(5) });
    const { state, written } = outputsOf([first, later]);
    expect(written.map((o) => o.type)).toEqual([
      'StateChanged',
      'TimerScheduled',
      'StateChanged',
      'ReminderRequested',
      'StateChanged',
      'TimerScheduled',
    ]);
    expect(written[2]!.data).toMatchObject({ from: { open: 'busy' }, to: { open: 'idle' }, at: at(1) });
    expect(written[4]!.data).toMatchObject({ from: { open: 'idle' }, to: { open: 'busy' }, at: at(5) });
    expect(state.timers[IDLE_TIMER]?.dueAt).toBe(at(6));
    expect(state.time).toBe(at(5));
  });

  it('gives the same outputs and ids whether the wall clock fired the timer first or an input did', () => {
    const first = recorded(0, 'Touched', { at: at(0) });
    const later = { ...recorded(2, 'Touched', { at: at(5) }) };
    const live = outputsOf([first, { ...timerFired(1, at(1)), id: firingId('a1', IDLE_TIMER, at(1)) }, later]);
    const burst = outputsOf([first, { ...later, revision: 1n }]);
    expect(burst.written).toEqual(live.written);
    expect(burst.state.snapshot.context).toEqual(live.state.snapshot.context);
    // The wall clock's firing arriving after the input that already fired it changes nothing.
    const raced = outputsOf([first, { ...later, revision: 1n }, timerFired(2, at(1))]);
    expect(raced.written).toEqual(live.written);
  });

  it('fires a re-armed timer at its new due time, with that time as the clock, before the input', () => {
    // Touched at 0 arms idle for 1; Touched at 0.5 re-arms it for 1.5; a Closed at 10 first fires
    // the timer due at 1.5 (the reminder), then closes.
    const { written } = outputsOf([
      recorded(0, 'Touched', { at: at(0) }),
      recorded(1, 'Touched', { at: at(0.5) }),
      recorded(2, 'Closed', { at: at(10) }),
    ]);
    expect(written.map((o) => `${o.type}@${(o.data as { at?: string }).at ?? ''}`)).toEqual([
      `StateChanged@${at(0)}`,
      'TimerScheduled@',
      'TimerScheduled@',
      `StateChanged@${at(1.5)}`,
      'ReminderRequested@',
      `StateChanged@${at(10)}`,
      'FarewellRequested@',
    ]);
  });

  it('never moves the clock back for a late input, and counts its delays from the clock', () => {
    const { state } = outputsOf([recorded(0, 'Touched', { at: at(10) }), recorded(1, 'Touched', { at: at(4) })]);
    expect(state.time).toBe(at(10));
    // The re-armed delay counts from the actor's clock, not from the late input's own time.
    expect(state.timers[IDLE_TIMER]?.dueAt).toBe(at(11));
  });

  it('ignores a TimerFired for a timer it no longer waits for, without moving the clock', () => {
    const s0 = outputsOf([recorded(0, 'Touched', { at: at(0) })]).state;
    const stale = step(definition, s0, timerFired(1, at(0.9)));
    expect(stale.outputs).toEqual([]);
    expect(stale.state.time).toBe(at(0));
    expect(stale.state.timers).toEqual(s0.timers);
  });

  describe('a delayed state entered and left within one transition', () => {
    // `Go` enters `waiting` (a 1-minute delay) and, when `skip` says so, leaves it at once.
    const passing = setup({
      types: { context: {} as { skip: boolean }, events: {} as { type: 'Go'; skip: boolean; at: string } },
    }).createMachine({
      id: 'passing',
      context: { skip: false },
      initial: 'idle',
      states: {
        idle: { on: { Go: 'waiting' } },
        waiting: {
          always: { guard: ({ event }) => event.skip, target: 'done' },
          after: { 60_000: 'late' },
        },
        late: {},
        done: {},
      },
    });
    const passingDefinition: ActorDefinition<typeof passing> = {
      machine: passing,
      version: '1',
      input: () => undefined,
      toMachineInput: (input) => {
        const data = input.data as { skip: boolean; at: string };
        return { event: { type: 'Go', skip: data.skip, at: data.at }, time: data.at };
      },
    };
    /** The timers XState's own actor holds after the same event (its scheduler, on a simulated clock). */
    const xstateTimers = (skip: boolean): string[] => {
      const actor = createActor(passing, { clock: new SimulatedClock() }).start();
      actor.send({ type: 'Go', skip, at: at(0) });
      const scheduled = Object.values(actor.system.getSnapshot()._scheduledEvents).map((e) => e.id);
      actor.stop();
      return scheduled;
    };

    it('leaves no timer when it is left at once, as XState’s own actor does', () => {
      const { state, outputs } = step(
        passingDefinition,
        initialState(passingDefinition, 'p1'),
        recorded(0, 'Go', { skip: true, at: at(0) }),
      );
      expect(state.snapshot.value).toBe('done');
      expect(xstateTimers(true)).toEqual([]);
      expect(state.timers).toEqual({});
      expect(outputs.map((o) => o.type)).toEqual(['StateChanged']);
    });

    it('keeps its timer when it stays, as XState’s own actor does', () => {
      const { state, outputs } = step(
        passingDefinition,
        initialState(passingDefinition, 'p1'),
        recorded(0, 'Go', { skip: false, at: at(0) }),
      );
      expect(state.snapshot.value).toBe('waiting');
      expect(xstateTimers(false)).toEqual(['xstate.after.60000.passing.waiting']);
      expect(Object.keys(state.timers)).toEqual(['xstate.after.60000.passing.waiting']);
      expect(state.timers['xstate.after.60000.passing.waiting']?.dueAt).toBe(at(1));
      expect(outputs.map((o) => o.type)).toEqual(['StateChanged', 'TimerScheduled']);
    });
  });

  describe('as XState’s own actor runs the machine (fold version 5)', () => {
    /** A definition over `machine` whose inputs are `{ type, at }` events. */
    const definitionOf = <TMachine extends AnyStateMachine>(machine: TMachine): ActorDefinition<TMachine> => ({
      machine,
      version: '1',
      input: () => undefined as InputFrom<TMachine>,
      toMachineInput: (input) => {
        const data = input.data as { at: string };
        return { event: { type: input.type, at: data.at } as never, time: data.at };
      },
    });

    it('fires timers due at the same instant in the order they were set, not by id', () => {
      // Regions `z` then `a` set the same delay in one transition; `a` looks whether `z` fired first.
      const regions = createMachine({
        id: 'tie',
        type: 'parallel',
        states: {
          z: { initial: 'waiting', states: { waiting: { after: { 1000: 'done' } }, done: { id: 'zDone' } } },
          a: {
            initial: 'waiting',
            states: {
              waiting: { after: { 1000: [{ guard: stateIn('#zDone'), target: 'afterZ' }, { target: 'beforeZ' }] } },
              afterZ: {},
              beforeZ: {},
            },
          },
        },
      });
      const clock = new SimulatedClock();
      const actor = createActor(regions, { clock }).start();
      clock.increment(1000);
      const own = actor.getSnapshot().value;
      actor.stop();
      const tie = definitionOf(regions);
      const s0 = step(tie, initialState(tie, 't1'), recorded(0, 'Start', { at: new Date(0).toISOString() })).state;
      const fired = step(
        tie,
        s0,
        recorded(1, TIMER_FIRED, { key: 't1', timerId: 'any', dueAt: new Date(1000).toISOString() }),
      );
      expect(own).toEqual({ z: 'done', a: 'afterZ' });
      expect(fired.state.snapshot.value).toEqual(own);
    });

    it('drops the timers of a machine that reached a top-level final state, as XState stops its actor', () => {
      const closing = setup({}).createMachine({
        id: 'closing',
        initial: 'open',
        states: {
          open: {
            entry: raise({ type: 'Nudge' }, { id: 'nudge', delay: 60_000 }),
            on: { Close: 'closed', Nudge: 'nudged' },
          },
          nudged: {},
          closed: { type: 'final' },
        },
      });
      const defined = definitionOf(closing);
      const s0 = step(defined, initialState(defined, 'c1'), recorded(0, 'Touch', { at: at(0) })).state;
      expect(Object.keys(s0.timers)).toEqual(['nudge']);
      const { state, outputs } = step(defined, s0, recorded(1, 'Close', { at: at(0.5) }));
      expect(state.snapshot.status).toBe('done');
      expect(state.timers).toEqual({});
      expect(outputs.map((o) => o.type)).toEqual(['StateChanged', 'TimerCancelled']);
    });

    it('rejects on the record an input whose transition sets a delay that is not a time, and goes on', () => {
      const delays = setup({
        types: { context: {} as { delay: number } },
        delays: { later: ({ context }) => context.delay },
      }).createMachine({
        id: 'delays',
        context: { delay: Number.POSITIVE_INFINITY },
        initial: 'idle',
        states: {
          idle: { on: { Wait: 'waiting', Touch: 'touched' } },
          waiting: { after: { later: 'idle' } },
          touched: {},
        },
      });
      const defined = definitionOf(delays);
      const wait = step(defined, initialState(defined, 'd1'), recorded(0, 'Wait', { at: at(0) }));
      expect(wait.outputs.map((o) => o.type)).toEqual(['InputRejected']);
      expect((wait.outputs[0]!.data as { reason: string }).reason).toBe(
        'the delay of timer xstate.after.later.delays.waiting is Infinity ms: not a time (at most 1000000000000)',
      );
      expect(wait.state.timers).toEqual({});
      // The actor is not stuck on it: its next input is taken.
      expect(step(defined, wait.state, recorded(1, 'Touch', { at: at(1) })).state.snapshot.value).toBe('touched');
    });

    it('fires a negative delay at once, its due time already past, as XState’s own actor does', () => {
      const overdue = setup({ delays: { later: () => -5_000 } }).createMachine({
        id: 'overdue',
        initial: 'idle',
        states: { idle: { on: { Wait: 'waiting' } }, waiting: { after: { later: 'done' } }, done: {} },
      });
      const clock = new SimulatedClock();
      const actor = createActor(overdue, { clock }).start();
      actor.send({ type: 'Wait' });
      clock.increment(0);
      const own = actor.getSnapshot().value;
      actor.stop();
      const defined = definitionOf(overdue);
      const waiting = step(defined, initialState(defined, 'o1'), recorded(0, 'Wait', { at: at(1) })).state;
      expect(waiting.timers['xstate.after.later.overdue.waiting']?.dueAt).toBe(at(1 - 5_000 / 60_000));
      const fired = step(defined, waiting, recorded(1, TIMER_FIRED, { key: 'o1', timerId: 'any', dueAt: at(1) }));
      expect(own).toBe('done');
      expect(fired.state.snapshot.value).toBe(own);
    });

    it('makes each delayed raise without an id a timer of its own, as XState gives it a fresh id', () => {
      // Two pings half a second apart each raise a pong a second later; `Stop` cancels by the event
      // type, which names no timer of XState's.
      const pings = setup({ types: { context: {} as { pongs: number } } }).createMachine({
        id: 'pings',
        context: { pongs: 0 },
        on: {
          Ping: { actions: raise({ type: 'Pong' }, { delay: 1000 }) },
          Stop: { actions: cancel('Pong') },
          Pong: { actions: assign({ pongs: ({ context }) => context.pongs + 1 }) },
        },
      });
      const clock = new SimulatedClock();
      const actor = createActor(pings, { clock }).start();
      actor.send({ type: 'Ping' });
      clock.increment(500);
      actor.send({ type: 'Ping' });
      actor.send({ type: 'Stop' });
      clock.increment(1500);
      const own = actor.getSnapshot().context.pongs;
      actor.stop();
      const defined = definitionOf(pings);
      const ms = (n: number) => new Date(n).toISOString();
      const ping = recorded(0, 'Ping', { at: ms(0) });
      const s1 = step(defined, initialState(defined, 'p1'), ping).state;
      const s2 = step(defined, s1, recorded(1, 'Ping', { at: ms(500) })).state;
      const s3 = step(defined, s2, recorded(2, 'Stop', { at: ms(500) })).state;
      expect(Object.keys(s3.timers)).toHaveLength(2);
      const fired = step(defined, s3, recorded(3, TIMER_FIRED, { key: 'p1', timerId: 'any', dueAt: ms(2000) }));
      expect(own).toBe(2);
      expect(fired.state.snapshot.context.pongs).toBe(own);
      // The same timer on a replay: its id derives from the input that set it.
      expect(fold(defined, initialState(defined, 'p1'), [ping]).timers).toEqual(s1.timers);
    });

    it('reports the built-ins it does not run (sending to another actor) rather than dropping them unseen', () => {
      const sending = setup({}).createMachine({
        id: 'sending',
        initial: 'idle',
        states: {
          idle: { on: { Go: { target: 'gone', actions: sendTo(({ self }) => self, { type: 'Next' }) } } },
          gone: {},
        },
      });
      const defined = definitionOf(sending);
      const { ignoredActions } = step(defined, initialState(defined, 's1'), recorded(0, 'Go', { at: at(0) }));
      expect(ignoredActions).toEqual(['xstate.sendTo']);
    });
  });
});
