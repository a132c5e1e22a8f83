import { pipeline, Writable } from 'node:stream';
import { promisify } from 'node:util';
import { END, eventTypeFilter, excludeSystemEvents, jsonEvent, START, streamNameFilter } from '@eventstore/db-client';
import type { Position, ResolvedEvent } from '@eventstore/db-client';
import { uniqueStream, useStore } from '../store-fixture';
import { collector, jsonTestEvents, upstream } from './conformance-fixture';

const finish = (type = 'finish') => jsonEvent({ type, data: { message: 'lets wrap this up' } });

describe(upstream('streams/subscribeToStream.test.ts'), () => {
  const fixture = useStore();
  const client = () => fixture.client;

  /** Subscribes, then appends `after` once the history is in; returns the types seen up to `finish`. */
  async function subscribeAndFinish(stream: string, fromRevision: bigint | typeof START | typeof END) {
    const subscription = client().subscribeToStream(stream, { fromRevision });
    const seen = collector<ResolvedEvent>();
    const confirmed = new Promise<void>((resolve) => subscription.once('confirmation', () => resolve()));
    subscription.on('data', (e: ResolvedEvent) => seen.push(e));
    await confirmed;
    await client().appendToStream(stream, [...jsonTestEvents(3, 'live'), finish()]);
    await seen.until((items) => items.some((e) => e.event?.type === 'finish'));
    await subscription.unsubscribe();
    return seen.items.map((e) => [e.event!.revision, e.event!.type]);
  }

  describe('should subscribe to stream', () => {
    it('from start', async () => {
      const stream = uniqueStream('sub');
      await client().appendToStream(stream, jsonTestEvents(2));
      expect(await subscribeAndFinish(stream, START)).toEqual([
        [0n, 'test'],
        [1n, 'test'],
        [2n, 'live'],
        [3n, 'live'],
        [4n, 'live'],
        [5n, 'finish'],
      ]);
    });
    it('from end', async () => {
      const stream = uniqueStream('sub');
      await client().appendToStream(stream, jsonTestEvents(2));
      expect((await subscribeAndFinish(stream, END)).map(([r]) => r)).toEqual([2n, 3n, 4n, 5n]);
    });
    it('from revision', async () => {
      const stream = uniqueStream('sub');
      await client().appendToStream(stream, jsonTestEvents(4));
      // From a revision is exclusive: the first event is the one after it.
      expect((await subscribeAndFinish(stream, 1n)).map(([r]) => r)).toEqual([2n, 3n, 4n, 5n, 6n, 7n]);
    });
  });

  describe('should return a readableStream', () => {
    it('async iterator', async () => {
      const stream = uniqueStream('sub');
      await client().appendToStream(stream, [...jsonTestEvents(5), finish()]);
      const types: string[] = [];
      for await (const e of client().subscribeToStream(stream, { fromRevision: START })) {
        types.push(e.event!.type);
        if (e.event!.type === 'finish') break;
      }
      expect(types).toEqual(['test', 'test', 'test', 'test', 'test', 'finish']);
    });
    it('pipeline', async () => {
      const stream = uniqueStream('sub');
      await client().appendToStream(stream, [...jsonTestEvents(5), finish()]);
      const subscription = client().subscribeToStream(stream, { fromRevision: START });
      const types: string[] = [];
      await promisify(pipeline)(
        subscription,
        new Writable({
          objectMode: true,
          write({ event }: ResolvedEvent, _encoding, done) {
            types.push(event!.type);
            if (event!.type === 'finish') void subscription.unsubscribe();
            done();
          },
        }),
      );
      expect(types).toHaveLength(6);
    });
  });
});

describe(upstream('streams/subscribeToAll.test.ts'), () => {
  const fixture = useStore();
  const client = () => fixture.client;

  describe('should subscribe to $all', () => {
    it('from start', async () => {
      const stream = uniqueStream('all');
      await client().appendToStream(stream, jsonTestEvents(3));
      const subscription = client().subscribeToAll({ fromPosition: START });
      const seen = collector<ResolvedEvent>();
      subscription.on('data', (e: ResolvedEvent) => seen.push(e));
      await seen.until((items) => items.filter((e) => e.event?.streamId === stream).length === 3);
      await client().appendToStream(stream, finish());
      await seen.until((items) => items.some((e) => e.event?.streamId === stream && e.event.type === 'finish'));
      await subscription.unsubscribe();
      expect(seen.items[0]!.event!.streamId).toBe('$$$scavenges');
      expect(seen.items.filter((e) => e.event?.streamId === stream).map((e) => e.event!.revision)).toEqual([
        0n,
        1n,
        2n,
        3n,
      ]);
    });
    it('from end', async () => {
      const stream = uniqueStream('all');
      await client().appendToStream(stream, jsonTestEvents(3));
      const subscription = client().subscribeToAll({ fromPosition: END });
      const seen = collector<ResolvedEvent>();
      const confirmed = new Promise<void>((resolve) => subscription.once('confirmation', () => resolve()));
      subscription.on('data', (e: ResolvedEvent) => seen.push(e));
      await confirmed;
      await client().appendToStream(stream, finish());
      await seen.until((items) => items.some((e) => e.event?.type === 'finish'));
      await subscription.unsubscribe();
      expect(seen.items.filter((e) => e.event?.streamId === stream).map((e) => e.event!.revision)).toEqual([3n]);
    });
    it('from position', async () => {
      const stream = uniqueStream('all');
      await client().appendToStream(stream, jsonTestEvents(3));
      const marker = await client().appendToStream(stream, jsonEvent({ type: 'marker', data: {} }));
      await client().appendToStream(stream, finish());
      const seen: ResolvedEvent[] = [];
      for await (const e of client().subscribeToAll({ fromPosition: marker.position! })) {
        seen.push(e);
        if (e.event?.type === 'finish') break;
      }
      // Exclusive of the position: the marker itself is not delivered.
      expect(seen.filter((e) => e.event?.streamId === stream).map((e) => e.event!.type)).toEqual(['finish']);
    });
  });

  describe('should return a readable stream', () => {
    it('async iterator with async function', async () => {
      const stream = uniqueStream('all');
      await client().appendToStream(stream, [...jsonTestEvents(3), finish()]);
      const seen: string[] = [];
      for await (const e of client().subscribeToAll({ fromPosition: START })) {
        await Promise.resolve();
        if (e.event?.streamId === stream) seen.push(e.event.type);
        if (e.event?.streamId === stream && e.event.type === 'finish') break;
      }
      expect(seen).toEqual(['test', 'test', 'test', 'finish']);
    });
  });
});

describe(upstream('streams/subscribeToAll.test.ts (readable stream)'), () => {
  const fixture = useStore();

  it('should return a readable stream › after the fact event listeners', async () => {
    const stream = uniqueStream('all-listeners');
    const subscription = fixture.client.subscribeToAll({ fromPosition: END });
    const one = collector<ResolvedEvent>();
    const two: ResolvedEvent[] = [];
    const confirmed = new Promise<void>((resolve) => subscription.once('confirmation', () => resolve()));
    subscription.on('data', (e: ResolvedEvent) => one.push(e)).on('data', (e: ResolvedEvent) => two.push(e));
    await confirmed;
    await fixture.client.appendToStream(stream, [...jsonTestEvents(3), finish()]);
    await one.until((items) => items.some((e) => e.event?.streamId === stream && e.event.type === 'finish'));
    await subscription.unsubscribe();
    expect(one.items.filter((e) => e.event?.streamId === stream)).toHaveLength(4);
    expect(two.map((e) => e.event?.id)).toEqual(one.items.map((e) => e.event?.id));
  });

  it('should return a readable stream › pipeline', async () => {
    const stream = uniqueStream('all-pipeline');
    await fixture.client.appendToStream(stream, [...jsonTestEvents(3), finish()]);
    const subscription = fixture.client.subscribeToAll({ fromPosition: START });
    const ours: string[] = [];
    await promisify(pipeline)(
      subscription,
      new Writable({
        objectMode: true,
        write({ event }: ResolvedEvent, _encoding, done) {
          if (event?.streamId === stream) ours.push(event.type);
          if (event?.streamId === stream && event.type === 'finish') void subscription.unsubscribe();
          done();
        },
      }),
    );
    expect(ours).toEqual(['test', 'test', 'test', 'finish']);
  });
});

describe(upstream('streams/subscribeToAll-filters.test.ts'), () => {
  // As a default EventStoreDB server: without the standard projections' link events, which a
  // filtered subscription scans too (its checkpoints count scanned records).
  const fixture = useStore({ systemProjections: false });
  const client = () => fixture.client;

  async function filtered(
    filter: ReturnType<typeof streamNameFilter | typeof excludeSystemEvents>,
    finishType: string,
  ): Promise<ResolvedEvent[]> {
    const seen: ResolvedEvent[] = [];
    for await (const e of client().subscribeToAll({ fromPosition: START, filter })) {
      seen.push(e);
      if (e.event?.type === finishType) break;
    }
    return seen;
  }

  describe('should accept a filter', () => {
    it.each([
      ['streamName › prefixes', 'prefix', (p: string) => streamNameFilter({ prefixes: [p] })],
      ['streamName › regex', 'regex', (p: string) => streamNameFilter({ regex: `^${p}` })],
    ])('%s', async (_, kind, makeFilter) => {
      const prefix = uniqueStream(`${kind}_filter_streamname`);
      const finishType = `finish-${prefix}`;
      await client().appendToStream(`${prefix}_a`, jsonTestEvents(8));
      await client().appendToStream(`${prefix}_b`, jsonTestEvents(8));
      await client().appendToStream(`${prefix}_a`, [...jsonTestEvents(8), finish(finishType)]);
      const seen = await filtered(makeFilter(prefix), finishType);
      expect(seen).toHaveLength(8 + 8 + 8 + 1);
    });
    it.each([
      ['eventType › prefixes', 'prefix', (p: string) => eventTypeFilter({ prefixes: [p] })],
      ['eventType › regex', 'regex', (p: string) => eventTypeFilter({ regex: `^${p}` })],
    ])('%s', async (_, kind, makeFilter) => {
      const prefix = uniqueStream(`${kind}_filter_eventType`);
      const stream = uniqueStream('filtered');
      await client().appendToStream(stream, [
        ...jsonTestEvents(8, `${prefix}_a`),
        ...jsonTestEvents(8, 'other'),
        ...jsonTestEvents(8, `${prefix}_b`),
        finish(`${prefix}_finish`),
      ]);
      const seen = await filtered(makeFilter(prefix), `${prefix}_finish`);
      expect(seen).toHaveLength(8 + 8 + 1);
    });
    it('excludeSystemEvents', async () => {
      const stream = uniqueStream('exclude');
      const finishType = `finish-${stream}`;
      await client().appendToStream(stream, [...jsonTestEvents(8), finish(finishType)]);
      const seen = await filtered(excludeSystemEvents(), finishType);
      expect(seen.length).toBeGreaterThanOrEqual(9);
      expect(seen.filter((e) => e.event!.type.startsWith('$'))).toEqual([]);
    });
    it('checkpoints', async () => {
      const a = uniqueStream('checkpoints_a');
      const finishType = `finish-${a}`;
      const marker = await client().appendToStream(
        uniqueStream('checkpoints_b'),
        jsonEvent({ type: 'marker', data: {} }),
      );
      await client().appendToStream(a, jsonTestEvents(8));
      const checkpoints: Position[] = [];
      const events: ResolvedEvent[] = [];
      const subscription = client().subscribeToAll({
        fromPosition: marker.position!,
        filter: excludeSystemEvents({
          checkpointInterval: 2,
          checkpointReached: (_, position) => {
            checkpoints.push(position);
          },
        }),
      });
      const ended = new Promise<void>((resolve, reject) => {
        subscription.on('end', resolve).on('error', reject);
      });
      subscription.on('data', (e: ResolvedEvent) => {
        events.push(e);
        if (e.event?.type === finishType) void subscription.unsubscribe();
      });
      for (let i = 0; i < 18; i++) await client().appendToStream(a, jsonTestEvents(20));
      await client().appendToStream(a, [...jsonTestEvents(15), finish(finishType)]);
      await ended;
      // 8 before subscribing, 376 after.
      expect(events).toHaveLength(384);
      // A checkpoint every 32 × 2 events that pass the filter, plus at most one on catching up.
      expect(checkpoints.length).toBeGreaterThanOrEqual(6);
      expect(checkpoints.length).toBeLessThanOrEqual(7);
      for (const { commit, prepare } of checkpoints) {
        expect(typeof commit).toBe('bigint');
        expect(typeof prepare).toBe('bigint');
      }
    });
  });
});
