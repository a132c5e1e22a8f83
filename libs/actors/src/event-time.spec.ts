import fc from 'fast-check';
import { accountDefinition, recorded, type AccountMachine } from '../test/fixtures/subscription.machine';
import type { RecordedInput } from './actor-definition';
import type { ActorState } from './actor-state';
import { correct, eventTimeOrder, EventTimeFolder, refold } from './event-time';
import { initialState, step } from './step';
import { TIMER_FIRED } from './timers';

const HOUR = 3_600_000;
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1) + minute * 60_000).toISOString();
const definition = accountDefinition(60_000, '1', 6 * HOUR);
const start = (key = 'a') => initialState(definition, key);

/** The plain fold of inputs in the order given, with `step()` alone. */
const stepAll = (inputs: readonly RecordedInput[], key = 'a'): ActorState<AccountMachine> =>
  inputs.reduce((state, input) => step(definition, state, input).state, start(key));

const essentials = (state: ActorState<AccountMachine>) => ({
  value: state.snapshot.value,
  context: state.snapshot.context,
  timers: state.timers,
  time: state.time,
  eventClockMs: state.eventClockMs,
  started: state.started,
});

describe('event-time order of an actor’s inputs (ADR 0078)', () => {
  it('leaves inputs in arrival order when their times do not go back', () => {
    const inputs = [recorded(0, 'Touched', { at: at(0) }), recorded(1, 'Touched', { at: at(1) })];
    expect(eventTimeOrder(definition, start(), inputs)).toBe(inputs);
  });

  it('moves an input late within the allowed lateness to where its time puts it, ties in arrival order', () => {
    const a = recorded(0, 'Touched', { at: at(0) });
    const b = recorded(1, 'Touched', { at: at(30) });
    const late = recorded(2, 'Touched', { at: at(10) });
    const tie = recorded(3, 'Touched', { at: at(10) });
    expect(eventTimeOrder(definition, start(), [a, b, late, tie])).toEqual([a, late, tie, b]);
  });

  it('leaves an input later than the allowed lateness where it arrived, as it leaves a timer’s firing', () => {
    const a = recorded(0, 'Touched', { at: at(0) });
    const b = recorded(1, 'Touched', { at: at(7 * 60) });
    const tooLate = recorded(2, 'Touched', { at: at(30) });
    const firing = recorded(3, TIMER_FIRED, { key: 'a', timerId: 't', dueAt: at(5) });
    const other = recorded(4, 'Unplanned', {});
    expect(eventTimeOrder(definition, start(), [a, b, tooLate, firing, other])).toEqual([a, b, tooLate, firing, other]);
  });

  it('refuses a base whose clock is past an input after it: the base is not on the way', () => {
    const base = stepAll([recorded(0, 'Touched', { at: at(20) })]);
    expect(eventTimeOrder(definition, base, [recorded(1, 'Touched', { at: at(10) })])).toBeUndefined();
    expect(refold(definition, base, [recorded(1, 'Touched', { at: at(10) })])).toBeUndefined();
    expect(eventTimeOrder(definition, base, [recorded(1, 'Touched', { at: at(20) })])).toHaveLength(1);
  });
});

describe('step marks a late input', () => {
  it('says how far behind the event clock an input is, and the clock never goes back', () => {
    const s1 = stepAll([recorded(0, 'Touched', { at: at(10) })]);
    const late = step(definition, s1, recorded(1, 'Touched', { at: at(4) }));
    expect(late.lateByMs).toBe(6 * 60_000);
    expect(late.state.eventClockMs).toBe(Date.parse(at(10)));
    expect(step(definition, s1, recorded(1, 'Touched', { at: at(10) })).lateByMs).toBeUndefined();
    const firing = step(definition, s1, recorded(1, TIMER_FIRED, { key: 'a', timerId: 'x', dueAt: at(1) }));
    expect(firing.lateByMs).toBeUndefined();
  });
});

describe('EventTimeFolder', () => {
  it('folds a late input within the window as if it had arrived in order', () => {
    const inOrder = [
      recorded(0, 'Touched', { at: at(0) }),
      recorded(1, 'Closed', { at: at(0.5) }),
      recorded(2, 'Touched', { at: at(5) }),
    ];
    const arrived = [inOrder[0]!, inOrder[2]!, inOrder[1]!].map((input, i) => ({ ...input, revision: BigInt(i) }));
    const folder = new EventTimeFolder(definition, start(), 2);
    for (const input of arrived) folder.push(input);
    expect(essentials(folder.state)).toEqual(essentials(stepAll(inOrder)));
    expect(folder.state.snapshot.value).toBe('closed');
    expect(folder.state.snapshot.context.touches).toBe(1);
    expect(folder.state.inputRevision).toBe(2n);
  });

  it('folds an input later than the window in arrival order', () => {
    const arrived = [at(0), at(8 * 60), at(1)].map((time, i) => recorded(i, 'Touched', { at: time }));
    const folder = new EventTimeFolder(definition, start());
    for (const input of arrived) folder.push(input);
    expect(essentials(folder.state)).toEqual(essentials(stepAll(arrived)));
  });

  it('cannot re-fold a late input that belongs before its base', () => {
    const base = stepAll([recorded(0, 'Touched', { at: at(20) })]);
    const folder = new EventTimeFolder(definition, base);
    expect(folder.push(recorded(1, 'Touched', { at: at(10) }))).toBeUndefined();
  });

  it('property: any arrival order within the window folds to the in-order state', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 5 }),
        (minutes, closes, every) => {
          const times = [...minutes].sort((a, b) => a - b);
          // Signals in time order: touches, and perhaps a close in the middle.
          const signals = times.map((minute, i) =>
            closes && i === Math.floor(times.length / 2)
              ? { type: 'Closed', at: at(minute) }
              : { type: 'Touched', at: at(minute) },
          );
          // Each signal keeps its id whatever its place in the stream, as a stored input does.
          const inOrder = signals.map((s, i) => recorded(i, s.type, { at: s.at }));
          const idOf = new Map(signals.map((s, i) => [s, inOrder[i]!.id]));
          return fc.assert(
            fc.property(fc.shuffledSubarray(signals, { minLength: signals.length }), (arrival) => {
              const folder = new EventTimeFolder(definition, start(), every);
              arrival.forEach((s, i) => folder.push({ ...recorded(i, s.type, { at: s.at }), id: idOf.get(s)! }));
              expect(essentials(folder.state)).toEqual(essentials(stepAll(inOrder)));
            }),
            { numRuns: 10 },
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('correct: a late input folded where its time puts it', () => {
  const inputs = (...signals: Array<[string, number]>) =>
    signals.map(([type, minute], i) => recorded(i, type, { at: at(minute) }));
  const arrive = (signals: RecordedInput[]) => stepAll(signals.slice(0, -1));
  const lateBy = (signals: RecordedInput[]) =>
    Date.parse((signals.at(-2)!.data as { at: string }).at) - Date.parse((signals.at(-1)!.data as { at: string }).at);

  it('records the correction and does not send again a command the late input only re-timed', () => {
    const signals = inputs(['Touched', 0], ['Touched', 5], ['Touched', 0.5]);
    const corrected = correct(definition, arrive(signals), start(), signals, lateBy(signals))!;
    expect(corrected.outputs.map((o) => o.output.type)).toEqual(['StateCorrected']);
    expect(corrected.outputs[0]!.output.data).toMatchObject({
      from: { open: 'busy' },
      to: { open: 'busy' },
      cause: { type: 'Touched', id: signals[2]!.id },
      occurredAt: at(0.5),
      lateByMs: 270_000,
      emitted: [],
      alreadySent: ['ReminderRequested'],
      withdrawn: [],
    });
    expect(corrected.state.sentAhead).toBeUndefined();
    expect(corrected.inputsRefolded).toBe(3);
  });

  it('sends a command the history now has, keeps one it no longer has as sent ahead, and reports timers', () => {
    const signals = inputs(['Touched', 0], ['Touched', 10], ['Closed', 0.2]);
    const corrected = correct(definition, arrive(signals), start(), signals, lateBy(signals))!;
    expect(corrected.outputs.map((o) => o.output.type)).toEqual([
      'StateCorrected',
      'FarewellRequested',
      'TimerCancelled',
    ]);
    expect(corrected.outputs[1]).toEqual({ output: { type: 'FarewellRequested', data: { key: 'a' } }, time: at(0.2) });
    expect(corrected.outputs[0]!.output.data).toMatchObject({
      from: { open: 'busy' },
      to: 'closed',
      emitted: ['FarewellRequested'],
      withdrawn: ['ReminderRequested'],
    });
    expect(corrected.state.sentAhead).toEqual({ ReminderRequested: 1 });
  });

  it('does not send a command of a type sent ahead: it was sent already', () => {
    const signals = inputs(['Touched', 0], ['Touched', 3], ['Touched', 1.5]);
    const before = { ...arrive(signals), sentAhead: { ReminderRequested: 1 } };
    const corrected = correct(definition, before, start(), signals, lateBy(signals))!;
    expect(corrected.outputs.map((o) => o.output.type)).toEqual(['StateCorrected']);
    expect(corrected.outputs[0]!.output.data).toMatchObject({ emitted: [], alreadySent: ['ReminderRequested'] });
    expect(corrected.state.sentAhead).toBeUndefined();
    // Without the credit, the reminder of the second touch is sent.
    const plain = correct(definition, arrive(signals), start(), signals, lateBy(signals))!;
    expect(plain.outputs.map((o) => o.output.type)).toEqual(['StateCorrected', 'ReminderRequested']);
    expect(plain.outputs[1]).toEqual({
      output: { type: 'ReminderRequested', data: { key: 'a', touches: 2 } },
      time: at(2.5),
    });
  });

  it('gives the same outputs from any base on the way', () => {
    const signals = inputs(['Touched', 0], ['Touched', 0.5], ['Touched', 4], ['Touched', 9], ['Touched', 2]);
    const before = arrive(signals);
    const fromStart = correct(definition, before, start(), signals, lateBy(signals))!;
    const fromSecond = correct(definition, before, stepAll(signals.slice(0, 2)), signals.slice(2), lateBy(signals))!;
    expect(fromSecond.outputs).toEqual(fromStart.outputs);
    expect(essentials(fromSecond.state)).toEqual(essentials(fromStart.state));
    expect(fromSecond.inputsRefolded).toBe(3);
  });
});
