import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  binaryEvent,
  jsonEvent,
  type ReadStreamOptions,
} from '@eventstore/db-client';
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
});
