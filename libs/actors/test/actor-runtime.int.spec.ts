import { EventStoreDBClient } from '@eventstore/db-client';
import type { RecordedInput } from '../src/actor-definition';
import { ACTOR_SNAPSHOT } from '../src/actor-snapshot';
import { at, startHarness, type Harness } from './runtime-harness';
import { accountDefinition } from './fixtures/subscription.machine';

describe('ActorRuntime on the embedded store', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  it('appends each input’s outputs in one append, with causation and deterministic ids', async () => {
    const streams = h.streams();
    const runtime = h.runtime(streams);
    const touched = await h.append(streams.input('a'), 'Touched', { at: at(0) });
    const closed = await h.append(streams.input('a'), 'Closed', { at: at(0.5) });

    expect(await runtime.process('a', touched)).toEqual({ status: 'processed', inputs: 1, outputs: 2 });
    expect(await runtime.process('a', closed)).toEqual({ status: 'processed', inputs: 1, outputs: 3 });

    const outputs = await h.readAll(streams.output('a'));
    expect(outputs.map((o) => o.event?.type)).toEqual([
      'StateChanged',
      'TimerScheduled',
      'StateChanged',
      'FarewellRequested',
      'TimerCancelled',
    ]);
    const farewell = outputs[3]!.event!;
    expect(farewell.metadata).toMatchObject({
      $causationId: closed.id,
      $correlationId: closed.id,
      causationStream: streams.input('a'),
      causationRevision: '1',
      occurredAt: at(0.5),
      machineVersion: '1',
    });
    // Outputs of one input came in one append: consecutive positions, one commit.
    const commits = new Set(outputs.slice(2).map((o) => o.event?.position?.commit));
    expect(commits.size).toBeGreaterThanOrEqual(1);
  });

  it('processes a redelivered input once, also after a restart (a new runtime)', async () => {
    const streams = h.streams();
    const first = await h.append(streams.input('b'), 'Touched', { at: at(0) });
    const input = await h.append(streams.input('b'), 'Closed', { at: at(0.5) });
    await h.runtime(streams).process('b', first);
    await h.runtime(streams).process('b', input);
    const before = await h.readAll(streams.output('b'));

    expect(await h.runtime(streams).process('b', input)).toEqual({ status: 'duplicate', inputs: 0, outputs: 0 });
    expect(await h.readAll(streams.output('b'))).toHaveLength(before.length);
  });

  describe('an actor’s first input (ADR 0086)', () => {
    /** A runtime whose client records the streams it reads. */
    const counted = (streams: ReturnType<Harness['streams']>) => {
      const client = EventStoreDBClient.connectionString(h.store.connectionString);
      clients.push(client);
      const reads = jest.spyOn(client, 'readStream');
      const read = () => reads.mock.calls.map(([stream]) => stream);
      return { runtime: h.runtime(streams, { client }), read };
    };
    const clients: EventStoreDBClient[] = [];
    afterAll(() => Promise.all(clients.map((c) => c.dispose())));
    /** Types and ids of the outputs in `streams`, and of an actor rebuilt from the store before each of `inputs`. */
    const withRebuilt = async (streams: ReturnType<Harness['streams']>, key: string, inputs: RecordedInput[]) => {
      const rebuilt = h.streams();
      const elsewhere = { ...streams, output: rebuilt.output, snapshot: rebuilt.snapshot };
      for (const input of inputs) await h.runtime(elsewhere).process(key, input);
      const ids = async (stream: string) => (await h.readAll(stream)).map((o) => [o.event?.type, o.event?.id]);
      return { outputs: await ids(streams.output(key)), rebuilt: await ids(rebuilt.output(key)) };
    };

    it('starts the actor from its initial state after one read that finds no outputs', async () => {
      const streams = h.streams();
      const { runtime, read } = counted(streams);
      const first = await h.append(streams.input('n'), 'Touched', { at: at(0) });

      expect(await runtime.process('n', first)).toEqual({ status: 'processed', inputs: 1, outputs: 2 });
      expect(read()).toEqual([streams.output('n')]);
      const second = await h.append(streams.input('n'), 'Closed', { at: at(0.5) });
      expect(await runtime.process('n', second)).toEqual({ status: 'processed', inputs: 1, outputs: 3 });
      expect(read()).toEqual([streams.output('n')]);
      // The same outputs as an actor rebuilt from the store before each input.
      const { outputs, rebuilt } = await withRebuilt(streams, 'n', [first, second]);
      expect(outputs).toEqual(rebuilt);
    });

    it('rebuilds the actor as before when its first input comes again and its outputs are written', async () => {
      const streams = h.streams();
      const first = await h.append(streams.input('r'), 'Touched', { at: at(0) });
      const second = await h.append(streams.input('r'), 'Touched', { at: at(0.3) });
      await h.runtime(streams).process('r', first);
      await h.runtime(streams).process('r', second);
      const outputs = await h.readAll(streams.output('r'));

      const again = counted(streams);
      expect(await again.runtime.process('r', first)).toEqual({ status: 'duplicate', inputs: 0, outputs: 0 });
      expect(await again.runtime.process('r', second)).toEqual({ status: 'duplicate', inputs: 0, outputs: 0 });
      expect(again.read()).toContain(streams.snapshot('r'));
      expect(await h.readAll(streams.output('r'))).toEqual(outputs);
    });

    it('folds again, to the same state, first inputs that had no outputs', async () => {
      const streams = h.streams();
      // No `at`: the machine takes no event from them, and they have no outputs.
      const quiet = [
        await h.append(streams.input('q'), 'Touched', {}),
        await h.append(streams.input('q'), 'Touched', {}),
      ];
      const original = h.runtime(streams, { snapshotEvery: 1 });
      for (const input of quiet) await original.process('q', input);
      const before = await original.state('q');

      const fresh = counted(streams);
      expect(await fresh.runtime.process('q', quiet[0]!)).toEqual({ status: 'processed', inputs: 1, outputs: 0 });
      expect(fresh.read()).toEqual([streams.output('q')]);
      const closed = await h.append(streams.input('q'), 'Closed', { at: at(1) });
      // `StateChanged` and `FarewellRequested`: the initial state's timer, set and cancelled by the
      // first event the machine takes, is not left pending.
      expect(await fresh.runtime.process('q', closed)).toEqual({ status: 'processed', inputs: 2, outputs: 2 });
      expect((await fresh.runtime.state('q')).snapshot.value).toBe('closed');
      expect(before.snapshot.context).toEqual({ key: 'q', touches: 0 });
      // The outputs of an actor rebuilt from the store before each input.
      const { outputs, rebuilt } = await withRebuilt(streams, 'q', [...quiet, closed]);
      expect(outputs).toEqual(rebuilt);
    });
  });

  it('derives the same outputs with the same ids from the same input, on any replica', async () => {
    const streams = h.streams();
    const input = await h.append(streams.input('c'), 'Closed', { at: at(0) });
    const first = h.runtime(streams);
    await first.process('c', input);
    const ids = (await h.readAll(streams.output('c'))).map((o) => o.event?.id);

    // A replica that never saw the first run's outputs computes the very same events.
    const other = h.streams();
    const replica = h.runtime({ ...streams, output: other.output });
    await replica.process('c', input);
    const replayedIds = (await h.readAll(other.output('c'))).map((o) => o.event?.id);
    expect(replayedIds).toEqual(ids);
  });

  it('writes an input’s outputs once when two runtimes race for the actor', async () => {
    const streams = h.streams();
    const a = h.runtime(streams);
    const b = h.runtime(streams);
    // b holds a stale view: it rehydrated before a wrote anything.
    await b.state('d');
    const touched = await h.append(streams.input('d'), 'Touched', { at: at(0) });
    const closed = await h.append(streams.input('d'), 'Closed', { at: at(0.5) });
    await a.process('d', touched);
    await Promise.all([a.process('d', closed), b.process('d', closed)]);

    const outputs = (await h.readAll(streams.output('d'))).map((o) => o.event?.type);
    expect(outputs).toEqual(['StateChanged', 'TimerScheduled', 'StateChanged', 'FarewellRequested', 'TimerCancelled']);
    expect((await b.state('d')).snapshot.value).toBe('closed');
  });

  it('processes inputs in stream order whatever order they are handed in', async () => {
    const streams = h.streams();
    const runtime = h.runtime(streams);
    const first = await h.append(streams.input('e'), 'Touched', { at: at(0) });
    const second = await h.append(streams.input('e'), 'Touched', { at: at(0.3) });
    const third = await h.append(streams.input('e'), 'Closed', { at: at(0.6) });

    expect(await runtime.process('e', third)).toEqual({ status: 'processed', inputs: 3, outputs: 6 });
    expect(await runtime.process('e', first)).toMatchObject({ status: 'duplicate' });
    expect(await runtime.process('e', second)).toMatchObject({ status: 'duplicate' });
    const state = await runtime.state('e');
    expect(state.snapshot.value).toBe('closed');
    expect(state.snapshot.context.touches).toBe(2);
  });

  it('snapshots every N inputs; snapshot plus tail equals a full replay; another version replays', async () => {
    const streams = h.streams();
    const runtime = h.runtime(streams, { snapshotEvery: 3 });
    for (let i = 0; i < 7; i++) {
      const input = await h.append(streams.input('f'), 'Touched', { at: at(i) });
      await runtime.process('f', input);
    }
    const snapshots = await h.readAll(streams.snapshot('f'));
    expect(snapshots.length).toBeGreaterThan(0);
    expect(snapshots.every((s) => s.event?.type === ACTOR_SNAPSHOT)).toBe(true);

    const fromSnapshot = await h.runtime(streams).state('f');
    const replayed = await h.runtime(streams).replay('f');
    expect(fromSnapshot.snapshot.context).toEqual(replayed.snapshot.context);
    expect(fromSnapshot.timers).toEqual(replayed.timers);
    expect(fromSnapshot.inputRevision).toBe(6n);

    const upgraded = h.runtime(streams, { definition: accountDefinition(60_000, '2') });
    expect((await upgraded.state('f')).snapshot.context.touches).toBe(7);
  });

  it('keeps at most maxResident actors in memory and rehydrates the others on demand', async () => {
    const streams = h.streams();
    const runtime = h.runtime(streams, { maxResident: 2 });
    for (const key of ['g1', 'g2', 'g3', 'g4']) {
      await runtime.process(key, await h.append(streams.input(key), 'Touched', { at: at(0) }));
    }
    expect(runtime.residentCount).toBe(2);
    const next = await h.append(streams.input('g1'), 'Touched', { at: at(1) });
    expect(await runtime.process('g1', next)).toMatchObject({ status: 'processed' });
    expect((await runtime.state('g1')).snapshot.context.touches).toBe(2);
  });

  it('passivates actors idle longer than the idle timeout', async () => {
    const streams = h.streams();
    let now = 0;
    const runtime = h.runtime(streams, { idleMs: 1_000, now: () => now });
    await runtime.process('h1', await h.append(streams.input('h1'), 'Touched', { at: at(0) }));
    now = 500;
    await runtime.process('h2', await h.append(streams.input('h2'), 'Touched', { at: at(0) }));
    now = 1_200;
    expect(runtime.passivateIdle()).toBe(1);
    expect(runtime.residentCount).toBe(1);
  });
});
