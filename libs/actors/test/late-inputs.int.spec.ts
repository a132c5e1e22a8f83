import fc from 'fast-check';
import { initialState, step } from '../src/step';
import type { ActorStreams } from '../src/actor-runtime';
import type { RecordedInput } from '../src/actor-definition';
import { STATE_CORRECTED, INPUT_LATE } from '../src/output-event';
import { deriveOutputs, isCommand } from '../src/event-time';
import { accountDefinition } from './fixtures/subscription.machine';
import { startHarness, type Harness } from './runtime-harness';

const HOUR = 3_600_000;
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1) + minute * 60_000).toISOString();
const definition = accountDefinition(60_000, '1', 6 * HOUR);

describe('ActorRuntime: late inputs (ADR 0078)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  const outputsOf = async (streams: ActorStreams, key: string) =>
    (await h.readAll(streams.output(key))).map((o) => ({ type: o.event!.type, data: o.event!.data as never }));

  it('folds a late input where its time puts it, records StateCorrected, emits a missed command once', async () => {
    const streams = h.streams();
    const runtime = h.runtime(streams, { definition });
    const feed = async (type: string, minute: number) =>
      runtime.process('a', await h.append(streams.input('a'), type, { at: at(minute) }));
    await feed('Touched', 0);
    await feed('Touched', 10); // the idle timer fired at 1, in front of it: one reminder sent
    const before = await outputsOf(streams, 'a');
    expect(before.filter((o) => o.type === 'ReminderRequested')).toHaveLength(1);

    const late = await h.append(streams.input('a'), 'Closed', { at: at(0.2) });
    expect(await runtime.process('a', late)).toMatchObject({ status: 'processed', inputs: 1 });
    const added = (await outputsOf(streams, 'a')).slice(before.length);
    expect(added.map((o) => o.type)).toEqual([STATE_CORRECTED, 'FarewellRequested', 'TimerCancelled']);
    expect(added[0]!.data).toMatchObject({
      from: { open: 'busy' },
      to: 'closed',
      cause: { type: 'Closed', id: late.id },
      occurredAt: at(0.2),
      lateByMs: 9.8 * 60_000,
      emitted: ['FarewellRequested'],
      withdrawn: ['ReminderRequested'],
    });
    const state = await runtime.state('a');
    expect(state.snapshot.value).toBe('closed');
    expect(state.snapshot.context.touches).toBe(1);

    // Handed in again, or rebuilt by another runtime: nothing new, the same state.
    expect(await runtime.process('a', late)).toMatchObject({ status: 'duplicate' });
    const rebuilt = h.runtime(streams, { definition });
    expect((await rebuilt.state('a')).snapshot.context).toEqual(state.snapshot.context);
    expect((await rebuilt.replay('a')).snapshot.context).toEqual(state.snapshot.context);
    expect(await outputsOf(streams, 'a')).toHaveLength(before.length + added.length);
  });

  it('folds an input later than the allowed lateness where it arrived, and marks it InputLate', async () => {
    const streams = h.streams();
    const runtime = h.runtime(streams, { definition });
    await runtime.process('b', await h.append(streams.input('b'), 'Touched', { at: at(0) }));
    await runtime.process('b', await h.append(streams.input('b'), 'Touched', { at: at(8 * 60) }));
    const late = await h.append(streams.input('b'), 'Closed', { at: at(30) });
    await runtime.process('b', late);
    const outputs = await outputsOf(streams, 'b');
    const marker = outputs.findIndex((o) => o.type === INPUT_LATE);
    expect(outputs.slice(marker).map((o) => o.type)).toEqual([
      INPUT_LATE,
      'StateChanged',
      'FarewellRequested',
      'TimerCancelled',
    ]);
    expect(outputs[marker]!.data).toMatchObject({
      cause: { type: 'Closed', id: late.id },
      occurredAt: at(30),
      clock: at(8 * 60),
      lateByMs: 450 * 60_000,
      allowedLatenessMs: 6 * HOUR,
    });
    expect(outputs.some((o) => o.type === STATE_CORRECTED)).toBe(false);
  });

  it('re-folds from a snapshot before the late input when one is on the way', async () => {
    const streams = h.streams();
    const refolded: number[] = [];
    const runtime = h.runtime(streams, {
      definition,
      snapshotEvery: 2,
      observer: { corrected: (inputs) => refolded.push(inputs) },
    });
    const appended = new Map<number, RecordedInput>();
    for (const minute of [0, 0.5, 0.7, 0.9, 5]) {
      appended.set(minute, await h.append(streams.input('c'), 'Touched', { at: at(minute) }));
      await runtime.process('c', appended.get(minute)!);
    }
    expect((await h.readAll(streams.snapshot('c'))).length).toBeGreaterThanOrEqual(2);
    appended.set(3, await h.append(streams.input('c'), 'Touched', { at: at(3) }));
    await runtime.process('c', appended.get(3)!);
    // Snapshots after inputs 1 and 3 (clocks 0.5 and 0.9 minutes): the later one is on the way, so
    // the re-fold takes inputs 4 and 5 only.
    expect(refolded).toEqual([2]);
    // The same inputs (the same ids: a timer's firing is named after the input that set it), in order.
    const inOrder = [0, 0.5, 0.7, 0.9, 3, 5].map((minute, i) => ({ ...appended.get(minute)!, revision: BigInt(i) }));
    const expected = inOrder.reduce((s, input) => step(definition, s, input).state, initialState(definition, 'c'));
    const state = await runtime.state('c');
    expect(state.snapshot.context).toEqual(expected.snapshot.context);
    expect(state.timers).toEqual(expected.timers);
  });

  it('writes a correction once when two runtimes race for the late input, from different bases', async () => {
    const streams = h.streams();
    // One keeps snapshots (it re-folds from one), the other none (it re-folds from the start).
    const a = h.runtime(streams, { definition, snapshotEvery: 2 });
    const b = h.runtime(streams, { definition, snapshotEvery: 1_000 });
    for (const minute of [0, 0.5, 0.7, 0.9, 5, 9]) {
      await a.process('r', await h.append(streams.input('r'), 'Touched', { at: at(minute) }));
    }
    await b.state('r');
    const late = await h.append(streams.input('r'), 'Closed', { at: at(3) });
    await Promise.all([a.process('r', late), b.process('r', late)]);
    const outputs = await h.readAll(streams.output('r'));
    const inputs = (await h.readAll(streams.input('r'))).map(({ event }) => ({
      id: event!.id,
      type: event!.type,
      revision: event!.revision,
      data: event!.data,
      metadata: event!.metadata,
    }));
    const derived = deriveOutputs(definition, 'r', inputs).outputs;
    expect(outputs.map((o) => [o.event!.id, o.event!.type, o.event!.data])).toEqual(
      derived.map((o): unknown[] => [o.id, o.type, JSON.parse(JSON.stringify(o.data)) as unknown]),
    );
    expect(outputs.filter((o) => o.event!.type === STATE_CORRECTED)).toHaveLength(1);
    expect((await a.state('r')).snapshot.value).toBe('closed');
    expect((await b.state('r')).snapshot.value).toBe('closed');
  });

  it('property: signals arriving in any order within the window end in the in-order state, no command twice', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: 240 }), { minLength: 2, maxLength: 7 }),
        fc.boolean(),
        fc.infiniteStream(fc.nat()),
        async (minutes, closes, shuffle) => {
          const times = [...minutes].sort((a, b) => a - b);
          const signals = times.map((minute, i) => ({
            type: closes && i === times.length - 2 ? 'Closed' : 'Touched',
            at: at(minute),
          }));
          const arrival = [...signals];
          const random = shuffle[Symbol.iterator]();
          for (let i = arrival.length - 1; i > 0; i--) {
            const j = random.next().value % (i + 1);
            [arrival[i], arrival[j]] = [arrival[j]!, arrival[i]!];
          }
          const streams = h.streams();
          const runtime = h.runtime(streams, { definition, snapshotEvery: 2 });
          const appended = new Map<(typeof signals)[number], RecordedInput>();
          for (const signal of arrival) {
            appended.set(signal, await h.append(streams.input('p'), signal.type, { at: signal.at }));
            await runtime.process('p', appended.get(signal)!);
          }

          // The in-order fold of the same inputs, with its commands: what a stream that arrived in
          // order would have sent.
          let expected = initialState(definition, 'p');
          const inOrderCommands: string[] = [];
          signals.forEach((signal, i) => {
            const result = step(definition, expected, { ...appended.get(signal)!, revision: BigInt(i) });
            expected = result.state;
            for (const o of result.outputs) if (isCommand(o.type)) inOrderCommands.push(o.type);
          });
          const state = await runtime.state('p');
          expect(state.snapshot.value).toEqual(expected.snapshot.value);
          expect(state.snapshot.context).toEqual(expected.snapshot.context);
          expect(state.timers).toEqual(expected.timers);

          const outputs = await h.readAll(streams.output('p'));
          const ids = outputs.map((o) => o.event!.id);
          expect(new Set(ids).size).toBe(ids.length);
          const sent = outputs.filter((o) => isCommand(o.event!.type));
          // Every command the in-order fold has was sent; none was sent twice (same type and data).
          for (const type of new Set(inOrderCommands)) {
            expect(sent.filter((o) => o.event!.type === type).length).toBeGreaterThanOrEqual(
              inOrderCommands.filter((t) => t === type).length,
            );
          }
          const keys = sent.map((o) => `${o.event!.type} ${JSON.stringify(o.event!.data)}`);
          expect(new Set(keys).size).toBe(keys.length);
          // A farewell is said once, whatever the order.
          expect(keys.filter((k) => k.startsWith('FarewellRequested')).length).toBe(closes ? 1 : 0);
          // What was written is what the inputs alone derive, snapshots or not: any replica agrees.
          const inputs = (await h.readAll(streams.input('p'))).map(({ event }) => ({
            id: event!.id,
            type: event!.type,
            revision: event!.revision,
            data: event!.data,
            metadata: event!.metadata,
          }));
          const derived = deriveOutputs(definition, 'p', inputs).outputs;
          expect(outputs.map((o) => [o.event!.id, o.event!.type])).toEqual(derived.map((o) => [o.id, o.type]));
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
