import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  STREAM_NAME,
  binaryEvent,
  jsonEvent,
  type Filter,
  type Position,
  type ReadStreamOptions,
  type StreamSubscription,
} from '@eventstore/db-client';
import { convertGrpcEvent } from '@eventstore/db-client/dist/utils/convertGrpcEvent';
import { startEmbeddedStore, type RunningEmbeddedStore } from '@heed/embedded-store';
import { withDecodedReads } from '../src/transport/decoded-reads';

/** What a read gives: its events, or the error it ends with (class, message, stream name). */
async function readAll(client: EventStoreDBClient, stream: string, options?: ReadStreamOptions) {
  const events: unknown[] = [];
  try {
    for await (const event of client.readStream(stream, options)) events.push(event);
    return { events };
  } catch (error) {
    const e = error as Error & { streamName?: string };
    return { events, error: { type: e.constructor.name, message: e.message, streamName: e.streamName } };
  }
}

/**
 * What a catch-up subscription gives until it has `count` events and has caught up: its events,
 * and the order of its confirmation, checkpoints and `caughtUp` among them.
 */
function subscribed(subscription: StreamSubscription, count: number, checkpoints: Position[] = []) {
  return new Promise<{ events: unknown[]; signals: string[]; checkpoints: Position[]; id: boolean }>(
    (resolve, reject) => {
      const events: unknown[] = [];
      const signals: string[] = [];
      let caughtUp = false;
      const done = () => {
        if (caughtUp && events.length >= count) {
          void subscription.unsubscribe();
          resolve({ events, signals, checkpoints, id: typeof subscription.id === 'string' });
        }
      };
      subscription.on('confirmation', () => signals.push('confirmation'));
      subscription.on('fellBehind', () => signals.push('fellBehind'));
      subscription.on('caughtUp', () => {
        signals.push(`caughtUp after ${events.length}`);
        caughtUp = true;
        done();
      });
      subscription.on('error', reject);
      subscription.on('data', (event) => {
        events.push(event);
        done();
      });
    },
  );
}

describe('withDecodedReads: readStream decoded by Heed (ADR 0082)', () => {
  let store: RunningEmbeddedStore;
  let plain: EventStoreDBClient;
  let decoded: EventStoreDBClient;
  const stream = `decoded-${randomUUID()}`;
  const category = `decodedcat${randomUUID().replace(/-/g, '')}`;

  beforeAll(async () => {
    store = await startEmbeddedStore({ port: 0 });
    plain = EventStoreDBClient.connectionString(store.connectionString);
    decoded = withDecodedReads(EventStoreDBClient.connectionString(store.connectionString));
    await plain.appendToStream(stream, [
      jsonEvent({ type: 'SignedIn', data: { device: 'web', n: 1 }, metadata: { $correlationId: 'c-1' } }),
      binaryEvent({ type: 'Blob', data: Uint8Array.from([0, 1, 2, 255]), metadata: Uint8Array.from([9, 9]) }),
      jsonEvent({ type: 'Unicode', data: { name: 'Zoë 🚀', list: [1, 2, { deep: true }] } }),
      ...Array.from({ length: 30 }, (_, i) => jsonEvent({ type: 'Tick', data: { i } })),
    ]);
    for (const id of ['a', 'b']) {
      await plain.appendToStream(`${category}-${id}`, [jsonEvent({ type: 'Member', data: { id } })]);
    }
  });

  afterAll(async () => {
    await Promise.all([plain.dispose(), decoded.dispose()]);
    await store.stop();
  });

  const cases: ReadonlyArray<[string, string | (() => string), ReadStreamOptions | undefined]> = [
    ['a whole stream', () => stream, undefined],
    ['forwards from a revision, a few', () => stream, { direction: FORWARDS, fromRevision: 2n, maxCount: 5 }],
    ['backwards from the end, one', () => stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }],
    ['backwards from a revision', () => stream, { direction: BACKWARDS, fromRevision: 10n, maxCount: 4 }],
    ['forwards from the start, past the end', () => stream, { fromRevision: START, maxCount: 1_000 }],
    ['from a revision past the end', () => stream, { fromRevision: 500n }],
    ['a category, links resolved', () => `$ce-${category}`, { resolveLinkTos: true }],
    ['a category, links not resolved', () => `$ce-${category}`, { resolveLinkTos: false }],
    ['a stream that does not exist', () => `missing-${randomUUID()}`, undefined],
    [
      'a stream that does not exist, backwards',
      () => `missing-${randomUUID()}`,
      { direction: BACKWARDS, fromRevision: END },
    ],
  ];

  it.each(cases)('reads %s as the client does', async (_, streamOf, options) => {
    const name = typeof streamOf === 'function' ? streamOf() : streamOf;
    const expected = await readAll(plain, name, options);
    const actual = await readAll(decoded, name, options);
    expect(actual).toStrictEqual(expected);
  });

  it('reads what the cases expect: events, links and their targets, and not-found', async () => {
    // Heed's method, not the client's left in place.
    expect(Object.hasOwn(decoded, 'readStream')).toBe(true);
    expect(Object.hasOwn(plain, 'readStream')).toBe(false);
    expect((await readAll(decoded, stream)).events).toHaveLength(33);
    const resolved = await readAll(decoded, `$ce-${category}`, { resolveLinkTos: true });
    expect(resolved.events).toHaveLength(2);
    expect(resolved.events[0]).toMatchObject({ event: { type: 'Member', data: { id: 'a' } }, link: { type: '$>' } });
    const missing = `missing-${randomUUID()}`;
    expect((await readAll(decoded, missing)).error).toEqual({
      type: 'StreamNotFoundError',
      message: `${missing} not found`,
      streamName: missing,
    });
  });

  it('checks its arguments as the client does', () => {
    expect(() => decoded.readStream(stream, { fromRevision: -1n })).toThrow(
      'fromRevision value must be a non-negative integer',
    );
    expect(() => plain.readStream(stream, { fromRevision: -1n })).toThrow(
      'fromRevision value must be a non-negative integer',
    );
    expect(() => decoded.readStream(stream, { fromRevision: 2n ** 64n })).toThrow(
      'range from 0 to 18446744073709551615',
    );
  });

  it('subscribes to a stream as the client does: events, confirmation, caught up, then live', async () => {
    const subscriptions = [plain, decoded].map((client) => client.subscribeToStream(stream, { fromRevision: START }));
    // Heed's decoding runs: the subscription's conversion is no longer the client's.
    expect((subscriptions[1] as unknown as { convertGrpcEvent: unknown }).convertGrpcEvent).not.toBe(convertGrpcEvent);
    const live = `live-${randomUUID()}`;
    const results = subscriptions.map((subscription) => subscribed(subscription, 34));
    await plain.appendToStream(stream, jsonEvent({ type: 'Live', data: { live } }));
    const [expected, actual] = await Promise.all(results);
    expect(actual).toStrictEqual(expected);
    expect(actual!.events).toHaveLength(34);
    expect(actual!.events[33]).toMatchObject({ event: { type: 'Live', data: { live }, revision: 33n } });
    expect(actual!.signals[0]).toBe('confirmation');
    expect(actual!.signals).toContain('caughtUp after 33');
  });

  it('subscribes to a category with links resolved, and from a revision, as the client does', async () => {
    const short = `decoded-short-${randomUUID()}`;
    await plain.appendToStream(
      short,
      Array.from({ length: 5 }, (_, i) => jsonEvent({ type: 'Tick', data: { i } })),
    );
    for (const [name, options, count] of [
      [`$ce-${category}`, { fromRevision: START, resolveLinkTos: true }, 2],
      [short, { fromRevision: 2n }, 2],
    ] as const) {
      const [expected, actual] = await Promise.all(
        [plain, decoded].map((client) => subscribed(client.subscribeToStream(name, options), count)),
      );
      expect(actual).toStrictEqual(expected);
      expect(actual!.events).toHaveLength(count);
    }
  });

  it('subscribes to $all with a filter as the client does: events, checkpoints, caught up', async () => {
    const [expected, actual] = await Promise.all(
      [plain, decoded].map((client) => {
        const checkpoints: Position[] = [];
        const subscription = client.subscribeToAll({
          fromPosition: START,
          filter: {
            filterOn: STREAM_NAME,
            prefixes: [`${category}-`],
            checkpointInterval: 1,
            checkpointReached: (_, position) => {
              checkpoints.push(position);
            },
          },
        });
        return subscribed(subscription, 2, checkpoints);
      }),
    );
    expect(actual).toStrictEqual(expected);
    expect(actual!.events).toHaveLength(2);
    expect(actual!.events[1]).toMatchObject({ event: { type: 'Member', streamId: `${category}-b` } });
    expect(actual!.checkpoints.length).toBeGreaterThan(0);
    expect(typeof actual!.checkpoints[0]!.commit).toBe('bigint');
    expect(actual!.id).toBe(true);
  });

  it('checks a filter as the client does', () => {
    const filter: Filter = { filterOn: STREAM_NAME, prefixes: ['x'], checkpointInterval: 0 };
    expect(() => plain.subscribeToAll({ filter })).toThrow('CheckpointInterval must be greater than 0.');
    expect(() => decoded.subscribeToAll({ filter })).toThrow('CheckpointInterval must be greater than 0.');
  });

  it("runs the client's own subscription, undecoded, when it has no conversion step to replace", async () => {
    const client = EventStoreDBClient.connectionString(store.connectionString);
    const unsubscribed: string[] = [];
    const original = client.subscribeToStream.bind(client);
    let calls = 0;
    client.subscribeToStream = (...args: Parameters<typeof original>) => {
      calls++;
      if (calls === 1) {
        // A subscription of some other shape, as a later client might build.
        return { unsubscribe: async () => void unsubscribed.push('first') } as unknown as StreamSubscription;
      }
      return original(...args);
    };
    withDecodedReads(client);
    const short = `decoded-short-${randomUUID()}`;
    await plain.appendToStream(
      short,
      Array.from({ length: 5 }, (_, i) => jsonEvent({ type: 'Tick', data: { i } })),
    );
    try {
      const subscription = client.subscribeToStream(short, { fromRevision: 2n });
      expect(calls).toBe(2);
      expect(unsubscribed).toEqual(['first']);
      expect((subscription as unknown as { convertGrpcEvent: unknown }).convertGrpcEvent).toBe(convertGrpcEvent);
      const [expected, actual] = await Promise.all([
        subscribed(plain.subscribeToStream(short, { fromRevision: 2n }), 2),
        subscribed(subscription, 2),
      ]);
      expect(actual).toStrictEqual(expected);
      expect(actual.events).toHaveLength(2);
    } finally {
      await client.dispose();
    }
  });
});
