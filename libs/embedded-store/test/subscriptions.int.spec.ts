import { eventTypeFilter, jsonEvent, START, streamNameFilter } from '@eventstore/db-client';
import type { Position, ResolvedEvent } from '@eventstore/db-client';
import { uniqueStream, useStore } from './store-fixture';

const happened = (type: string, data: Record<string, unknown> = {}) => jsonEvent({ type, data });

/** Takes events from a subscription until `done` says so. */
async function take(
  subscription: AsyncIterable<ResolvedEvent>,
  done: (events: ResolvedEvent[]) => boolean,
): Promise<ResolvedEvent[]> {
  const events: ResolvedEvent[] = [];
  for await (const event of subscription) {
    events.push(event);
    if (done(events)) break;
  }
  return events;
}

describe('embedded store: catch-up subscriptions through @eventstore/db-client', () => {
  const fixture = useStore();

  it('hands over from catch-up to live with no gap and no duplicate while appends continue', async () => {
    const stream = uniqueStream('feed');
    const total = 600;
    await fixture.client.appendToStream(
      stream,
      Array.from({ length: 300 }, (_, i) => happened('N', { i })),
    );
    const subscription = fixture.client.subscribeToStream(stream, { fromRevision: START });
    const caughtUp = new Promise<boolean>((resolve) => subscription.once('caughtUp', () => resolve(true)));
    const events: ResolvedEvent[] = [];
    const received = new Promise<void>((resolve) =>
      subscription.on('data', (event: ResolvedEvent) => {
        events.push(event);
        if (events.length === total) resolve();
      }),
    );
    for (let i = 300; i < total; i += 10) {
      await fixture.client.appendToStream(
        stream,
        Array.from({ length: 10 }, (_, j) => happened('N', { i: i + j })),
      );
    }
    await received;
    await expect(caughtUp).resolves.toBe(true);
    await subscription.unsubscribe();

    expect(events.map((e) => e.event!.revision)).toEqual(Array.from({ length: total }, (_, i) => BigInt(i)));
    expect(events.map((e) => (e.event!.data as { i: number }).i)).toEqual(Array.from({ length: total }, (_, i) => i));
  });

  it('subscribes to a stream from a revision exclusively', async () => {
    const stream = uniqueStream('resume');
    await fixture.client.appendToStream(
      stream,
      ['A', 'B', 'C'].map((t) => happened(t)),
    );
    const events = await take(fixture.client.subscribeToStream(stream, { fromRevision: 1n }), () => true);
    expect(events[0]!.event?.type).toBe('C');
  });

  it('subscribes to $all from a position exclusively, then receives live events', async () => {
    const stream = uniqueStream('tail');
    const { position } = await fixture.client.appendToStream(stream, happened('Before'));
    const subscription = fixture.client.subscribeToAll({ fromPosition: position! });
    const live = fixture.client.appendToStream(stream, happened('After'));
    const received = await take(subscription, (e) => e.at(-1)?.event?.type === 'After');
    await live;
    // Only the source event: the links $ce-/$et- wrote after 'Before' come first, 'Before' never.
    expect(received.filter((e) => e.event?.streamId === stream).map((e) => e.event?.type)).toEqual(['After']);
  });

  it('filters $all by stream-name prefix and event-type regex, and reports checkpoints', async () => {
    const category = `flt${Date.now()}`;
    const wanted = `${category}-1`;
    const type = `Matched${Date.now()}`;
    const checkpoints: Position[] = [];
    await fixture.client.appendToStream(
      uniqueStream('noise'),
      Array.from({ length: 70 }, () => happened('Noise')),
    );
    await fixture.client.appendToStream(wanted, [happened(type), happened('Other')]);

    const byStream = await take(
      fixture.client.subscribeToAll({
        fromPosition: START,
        filter: streamNameFilter({
          prefixes: [`${category}-`],
          checkpointReached: (_s, position) => void checkpoints.push(position),
        }),
      }),
      (e) => e.length === 2,
    );
    const byType = await take(
      fixture.client.subscribeToAll({ fromPosition: START, filter: eventTypeFilter({ regex: `^${type}$` }) }),
      () => true,
    );

    expect(byStream.map((e) => [e.event?.streamId, e.event?.type])).toEqual([
      [wanted, type],
      [wanted, 'Other'],
    ]);
    expect(byType[0]!.event).toMatchObject({ streamId: wanted, type });
    expect(checkpoints.length).toBeGreaterThan(0);
    expect(checkpoints[0]!.commit).toBeLessThan(byStream[0]!.commitPosition!);
  });

  it('projects $ce-<category> and $et-<type> link events that resolve to the source events', async () => {
    const category = `cust${Date.now()}`;
    const type = `CardFreezeRequested${Date.now()}`;
    await fixture.client.appendToStream(`${category}-42`, [happened(type, { card: 'c-1' })]);
    const byCategory = await take(
      fixture.client.subscribeToStream(`$ce-${category}`, { fromRevision: START, resolveLinkTos: true }),
      () => true,
    );
    const byType = await take(
      fixture.client.subscribeToStream(`$et-${type}`, { fromRevision: START, resolveLinkTos: true }),
      () => true,
    );
    for (const [event] of [byCategory, byType]) {
      expect(event!.event).toMatchObject({ streamId: `${category}-42`, type, revision: 0n, data: { card: 'c-1' } });
      expect(event!.link?.type).toBe('$>');
    }
  });
});
