import type { ResolvedEvent } from '@eventstore/db-client';
import { STATE_REDERIVED, TIMER_SCHEDULED } from '../src/output-event';
import { at, startHarness, type Harness } from './runtime-harness';
import { accountDefinition } from './fixtures/subscription.machine';

const types = (events: readonly ResolvedEvent[]): Array<string | undefined> => events.map((e) => e.event?.type);

describe('a new machine version takes over actors by re-derivation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  /**
   * Version 1 goes idle after 10 minutes: an account touched at minute 0 whose idle timer fired at
   * minute 10 is `open.idle`, with one reminder sent. Version 2 waits 60 minutes: the same inputs
   * leave it `open.busy`, its idle timer due at minute 60.
   */
  async function historyOfVersionOne(key: string) {
    const streams = h.streams();
    const v1 = h.runtime(streams, { definition: accountDefinition(10 * 60_000, '1') });
    await v1.process(key, await h.append(streams.input(key), 'Touched', { at: at(0) }));
    const scheduled = (await h.readAll(streams.output(key))).find((e) => e.event?.type === TIMER_SCHEDULED)!;
    const timer = scheduled.event!.data as { timerId: string; dueAt: string };
    const fired = await h.append(streams.input(key), 'TimerFired', { key, timerId: timer.timerId, dueAt: timer.dueAt });
    await v1.process(key, fired);
    expect((await v1.state(key)).snapshot.value).toEqual({ open: 'idle' });
    return { streams, timerId: timer.timerId };
  }

  it('re-derives an actor whose first input comes again to the new version (a redelivery across a deploy)', async () => {
    const streams = h.streams();
    const v1 = h.runtime(streams, { definition: accountDefinition(10 * 60_000, '1') });
    const first = await h.append(streams.input('r'), 'Touched', { at: at(0) });
    await v1.process('r', first);
    const before = await h.readAll(streams.output('r'));

    // Version 2's fold of that input has outputs with the same ids (a timer due later): only a
    // rebuild from the store sees that version 1 wrote them (ADR 0086).
    const v2 = h.runtime(streams, { definition: accountDefinition(60 * 60_000, '2') });
    expect(await v2.process('r', first)).toEqual({ status: 'duplicate', inputs: 0, outputs: 0 });
    const added = (await h.readAll(streams.output('r'))).slice(before.length);
    expect(types(added)).toEqual([STATE_REDERIVED, TIMER_SCHEDULED]);
    expect(added[1]!.event!.data).toMatchObject({ key: 'r', dueAt: at(60) });
  });

  it('records the derived state once, emits no command of the past, and corrects the timers', async () => {
    // Given an account whose outputs version 1 wrote
    const { streams, timerId } = await historyOfVersionOne('a');
    const before = await h.readAll(streams.output('a'));
    expect(types(before).filter((t) => t === 'ReminderRequested')).toHaveLength(1);

    // When version 2 loads it
    const v2 = h.runtime(streams, { definition: accountDefinition(60 * 60_000, '2') });
    const state = await v2.state('a');

    // Then its state is the fold of the same inputs through version 2
    expect(state.snapshot.value).toEqual({ open: 'busy' });
    // and the only outputs added are one StateRederived and the timer version 2 holds: no command
    const added = (await h.readAll(streams.output('a'))).slice(before.length);
    expect(types(added)).toEqual([STATE_REDERIVED, TIMER_SCHEDULED]);
    expect(added[0]!.event!.data).toMatchObject({
      key: 'a',
      from: { open: 'idle' },
      to: { open: 'busy' },
      fromVersion: '1',
      toVersion: '2',
      inputRevision: '1',
      cause: { type: STATE_REDERIVED, id: added[0]!.event!.id },
      // (version 2 held no timer due at minute 10: that firing is not an event of its history)
      at: at(0),
      timers: [{ timerId, dueAt: at(60) }],
    });
    expect(added[1]!.event!.data).toMatchObject({ key: 'a', timerId, dueAt: at(60) });
    expect(added[0]!.event!.metadata).toMatchObject({ machineVersion: '2', causationRevision: '1' });

    // and a new input is processed by version 2 alone: its corrected timer fires in front of it
    await v2.process('a', await h.append(streams.input('a'), 'Touched', { at: at(100) }));
    const after = (await h.readAll(streams.output('a'))).slice(before.length + added.length);
    expect(types(after)).toContain('ReminderRequested');
    expect(after.every((e) => (e.event!.metadata as { machineVersion: string }).machineVersion === '2')).toBe(true);

    // and loading it again (another engine, a restart) re-derives nothing more
    const again = h.runtime(streams, { definition: accountDefinition(60 * 60_000, '2') });
    await again.state('a');
    const all = await h.readAll(streams.output('a'));
    expect(types(all).filter((t) => t === STATE_REDERIVED)).toHaveLength(1);
  });

  it('two replicas re-deriving the same actor at once agree on one record', async () => {
    // Given an account written by version 1
    const { streams } = await historyOfVersionOne('b');
    const before = (await h.readAll(streams.output('b'))).length;

    // When two runtimes of version 2 load it at the same time
    const definition = accountDefinition(60 * 60_000, '2');
    const [one, two] = await Promise.all([
      h.runtime(streams, { definition }).state('b'),
      h.runtime(streams, { definition }).state('b'),
    ]);

    // Then both derived the same state, and the stream holds one re-derivation
    expect(one.snapshot.value).toEqual(two.snapshot.value);
    expect(one.timers).toEqual(two.timers);
    const added = (await h.readAll(streams.output('b'))).slice(before);
    expect(types(added)).toEqual([STATE_REDERIVED, TIMER_SCHEDULED]);
  });

  it('an actor whose outputs this version wrote is not re-derived', async () => {
    // Given an account version 1 wrote
    const { streams } = await historyOfVersionOne('c');
    const before = (await h.readAll(streams.output('c'))).length;

    // When version 1 loads it again (a restart)
    await h.runtime(streams, { definition: accountDefinition(10 * 60_000, '1') }).state('c');

    // Then nothing is written
    expect(await h.readAll(streams.output('c'))).toHaveLength(before);
  });
});
