import {
  ANY,
  BACKWARDS,
  binaryEvent,
  DeadlineExceededError,
  END,
  FORWARDS,
  InvalidArgumentError,
  jsonEvent,
  MaxAppendSizeExceededError,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { AppendToStreamOptions, StreamMetadata } from '@eventstore/db-client';
import { collect, uniqueStream, useStore } from '../store-fixture';
import { binaryTestEvents, jsonTestEvents, upstream } from './conformance-fixture';

describe(upstream('streams/appendToStream.test.ts'), () => {
  const fixture = useStore();
  const client = () => fixture.client;

  describe('should successfully append to stream', () => {
    it('json events', async () => {
      const result = await client().appendToStream(uniqueStream('json'), jsonTestEvents());
      expect(result.nextExpectedRevision).toBe(5n);
      expect(result.success).toBe(true);
    });

    it('unicode string in json event', async () => {
      const stream = uniqueStream('encode');
      await client().appendToStream(stream, jsonEvent({ type: 'TestEncode', data: 'CC ‐ 1830' }));
      const [read] = await collect(client().readStream(stream, { maxCount: 1 }));
      expect(read!.event!.data).toStrictEqual('CC ‐ 1830');
    });

    it('binary events', async () => {
      const stream = uniqueStream('binary');
      const result = await client().appendToStream(stream, binaryTestEvents());
      expect(result.nextExpectedRevision).toBe(5n);
      const [first] = await collect(client().readStream(stream, { maxCount: 1 }));
      expect(first!.event!.isJson).toBe(false);
      expect(Buffer.from(first!.event!.data as Uint8Array).toString()).toBe('binary 0');
    });

    it('linkTo', async () => {
      const target = uniqueStream('link_to');
      const links = uniqueStream('link_from');
      await client().appendToStream(target, jsonTestEvents());
      await client().appendToStream(links, binaryEvent({ type: '$>', data: Buffer.from(`2@${target}`) }));
      const [trueEvent] = await collect(client().readStream(target, { fromRevision: 2n, maxCount: 1 }));
      const [linkEvent] = await collect(client().readStream(links, { resolveLinkTos: true }));
      expect(trueEvent!.link).toBeUndefined();
      expect(linkEvent!.link).toBeDefined();
      expect(linkEvent!.event).toEqual(trueEvent!.event);
    });

    describe('metadata', () => {
      const METADATA = { metaMessage: 'How meta is this?' };
      it.each([
        ['json › json events', () => jsonEvent({ type: 'm', data: { a: 1 }, metadata: METADATA })],
        ['json › binary events', () => binaryEvent({ type: 'm', data: Buffer.from('x'), metadata: METADATA })],
      ])('%s', async (_, make) => {
        const stream = uniqueStream('meta');
        await client().appendToStream(stream, make());
        const [read] = await collect(client().readStream(stream));
        expect(read!.event!.metadata).toEqual(METADATA);
      });
      it.each([
        ['buffer › json events', Buffer.from('meta'), true],
        ['buffer › binary events', Buffer.from('meta'), false],
        ['Uint8Array › json events', new Uint8Array([1, 2, 3]), true],
        ['Uint8Array › binary events', new Uint8Array([1, 2, 3]), false],
      ])('%s', async (_, metadata, json) => {
        const stream = uniqueStream('meta');
        const event = json
          ? jsonEvent({ type: 'm', data: { a: 1 }, metadata })
          : binaryEvent({ type: 'm', data: Buffer.from('x'), metadata });
        await client().appendToStream(stream, event);
        const [read] = await collect(client().readStream(stream));
        expect(Buffer.from(read!.event!.metadata as Uint8Array)).toEqual(Buffer.from(metadata));
      });
      it.each([
        ['undefined › json events', true],
        ['undefined › binary events', false],
      ])('%s', async (_, json) => {
        const stream = uniqueStream('meta');
        await client().appendToStream(
          stream,
          json ? jsonEvent({ type: 'm', data: { a: 1 } }) : binaryEvent({ type: 'm', data: Buffer.from('x') }),
        );
        const [read] = await collect(client().readStream(stream));
        expect(read!.event!.metadata).toBeUndefined();
      });
    });

    describe('expected revision', () => {
      it('any › succeeds', async () => {
        const stream = uniqueStream('any');
        await client().appendToStream(stream, jsonTestEvents(2));
        const result = await client().appendToStream(stream, jsonTestEvents(2), { expectedRevision: ANY });
        expect(result.nextExpectedRevision).toBe(3n);
      });
      it('no_stream › succeeds', async () => {
        const result = await client().appendToStream(uniqueStream('ns'), jsonTestEvents(1), {
          expectedRevision: NO_STREAM,
        });
        expect(result.nextExpectedRevision).toBe(0n);
      });
      it('no_stream › fails', async () => {
        const stream = uniqueStream('ns');
        await client().appendToStream(stream, jsonTestEvents(3));
        const error = await client()
          .appendToStream(stream, jsonTestEvents(1), { expectedRevision: NO_STREAM })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect((error as WrongExpectedVersionError).streamName).toBe(stream);
        expect((error as WrongExpectedVersionError).actualVersion).toBe(2n);
      });
      it('stream_exists › succeeds', async () => {
        const stream = uniqueStream('se');
        await client().appendToStream(stream, jsonTestEvents(1));
        const result = await client().appendToStream(stream, jsonTestEvents(1), { expectedRevision: STREAM_EXISTS });
        expect(result.nextExpectedRevision).toBe(1n);
      });
      it('stream_exists › fails', async () => {
        await expect(
          client().appendToStream(uniqueStream('se'), jsonTestEvents(1), { expectedRevision: STREAM_EXISTS }),
        ).rejects.toBeInstanceOf(WrongExpectedVersionError);
      });
      it('exact version › succeeds', async () => {
        const stream = uniqueStream('exact');
        await client().appendToStream(stream, jsonTestEvents(4));
        const result = await client().appendToStream(stream, jsonTestEvents(1), { expectedRevision: 3n });
        expect(result.nextExpectedRevision).toBe(4n);
      });
      it('exact version › fails › no stream', async () => {
        const error = await client()
          .appendToStream(uniqueStream('exact'), jsonTestEvents(1), { expectedRevision: 2n })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect((error as WrongExpectedVersionError).expectedVersion).toBe(2n);
      });
      it('exact version › fails › wrong version', async () => {
        const stream = uniqueStream('exact');
        await client().appendToStream(stream, jsonTestEvents(4));
        const error = await client()
          .appendToStream(stream, jsonTestEvents(1), { expectedRevision: 7n })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect((error as WrongExpectedVersionError).expectedVersion).toBe(7n);
        expect((error as WrongExpectedVersionError).actualVersion).toBe(3n);
      });
    });
  });

  describe('throwOnAppendFailure', () => {
    it('throws on true', async () => {
      const stream = uniqueStream('throw');
      await client().appendToStream(stream, jsonTestEvents(1));
      await expect(
        client().appendToStream(stream, jsonTestEvents(1), { expectedRevision: NO_STREAM }),
      ).rejects.toBeInstanceOf(WrongExpectedVersionError);
    });
  });
});

/** The unary `Append` call is what the client uses when an append carries credentials. */
const normalAppend: AppendToStreamOptions = { credentials: { username: 'admin', password: 'changeit' } };

describe(upstream('streams/appendToStream-errors.test.ts'), () => {
  const fixture = useStore();
  describe.each([
    ['Batch append (>21.10)', {}],
    ['Normal Append', normalAppend],
  ])('%s', (_, options: AppendToStreamOptions) => {
    it('WrongExpectedVersion', async () => {
      const stream = uniqueStream('wev');
      await fixture.client.appendToStream(stream, jsonTestEvents(), options);
      const error = await fixture.client
        .appendToStream(stream, jsonTestEvents(), { ...options, expectedRevision: NO_STREAM })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect((error as WrongExpectedVersionError).streamName).toBe(stream);
      expect((error as WrongExpectedVersionError).expectedVersion).toBe(NO_STREAM);
      expect((error as WrongExpectedVersionError).actualVersion).toBe(5n);
    });

    it('StreamDeleted', async () => {
      const stream = uniqueStream('deleted');
      await fixture.client.appendToStream(stream, jsonTestEvents(), options);
      await fixture.client.tombstoneStream(stream);
      const error = await fixture.client.appendToStream(stream, jsonTestEvents(), options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StreamDeletedError);
      expect((error as StreamDeletedError).streamName).toBe(stream);
    });

    it('DeadlineExceeded', async () => {
      const stream = uniqueStream('deadline');
      await expect(
        fixture.client.appendToStream(stream, jsonTestEvents(5_000), { ...options, deadline: 1 }),
      ).rejects.toBeInstanceOf(DeadlineExceededError);
      expect(fixture.store.storage.streamState(stream).lastRevision).toBe(-1);
    });

    it('MaximumAppendSizeExceeded', async () => {
      const error = await fixture.client
        .appendToStream(
          uniqueStream('big'),
          // Upstream sends 40 000 small events; two of 600 KB exceed the same 1 MiB limit sooner.
          [0, 1].map(() => jsonEvent({ type: 'big', data: { blob: 'x'.repeat(600_000) } })),
          options,
        )
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
      expect((error as MaxAppendSizeExceededError).maxAppendSize).toBe(1024 * 1024);
    });
  });
});

describe(upstream('streams/appendToStream-batch-append.test.ts'), () => {
  const fixture = useStore();
  it('Batches events into batches', async () => {
    const stream = uniqueStream('batches');
    // 2 KiB batches: the client splits the append over several requests of one correlation id.
    const result = await fixture.client.appendToStream(stream, jsonTestEvents(200), { batchAppendSize: 2048 });
    expect(result.nextExpectedRevision).toBe(199n);
    expect((await collect(fixture.client.readStream(stream))).map((e) => e.event!.revision)).toEqual(
      Array.from({ length: 200 }, (_, i) => BigInt(i)),
    );
  });
});

describe(upstream('streams/readStream.test.ts'), () => {
  const fixture = useStore();
  const client = () => fixture.client;
  let stream: string;
  let appended: Awaited<ReturnType<typeof fixture.client.appendToStream>>;
  beforeAll(async () => {
    stream = uniqueStream('read');
    await client().appendToStream(stream, jsonTestEvents(4, 'json-test'));
    appended = await client().appendToStream(stream, binaryTestEvents(4, 'binary-test'));
  });

  describe('should successfully read from stream', () => {
    it('Event types › json event', async () => {
      const [e] = await collect(client().readStream(stream, { maxCount: 1 }));
      expect(e!.event!.isJson).toBe(true);
      expect(e!.event!.data).toEqual({ message: 'test', index: 0 });
    });
    it('Event types › binary event', async () => {
      const [e] = await collect(client().readStream(stream, { fromRevision: 4n, maxCount: 1 }));
      expect(e!.event!.isJson).toBe(false);
      expect(e!.event!.data).toBeInstanceOf(Uint8Array);
    });
    it('options › from start', async () => {
      const events = await collect(client().readStream(stream, { fromRevision: START }));
      expect(events.map((e) => e.event!.revision)).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n]);
    });
    it('options › from revision', async () => {
      const events = await collect(client().readStream(stream, { fromRevision: 6n }));
      expect(events.map((e) => e.event!.revision)).toEqual([6n, 7n]);
    });
    it('options › backwards from end', async () => {
      const events = await collect(client().readStream(stream, { direction: BACKWARDS, fromRevision: END }));
      expect(events.map((e) => e.event!.revision)).toEqual([7n, 6n, 5n, 4n, 3n, 2n, 1n, 0n]);
    });
    it('options › backwards from revision', async () => {
      const events = await collect(client().readStream(stream, { direction: BACKWARDS, fromRevision: 2n }));
      expect(events.map((e) => e.event!.revision)).toEqual([2n, 1n, 0n]);
    });
    it('options › maxCount', async () => {
      expect(await collect(client().readStream(stream, { maxCount: 3 }))).toHaveLength(3);
    });
    it('options › resolve link tos', async () => {
      const links = uniqueStream('links');
      await client().appendToStream(links, [
        binaryEvent({ type: '$>', data: Buffer.from(`1@${stream}`) }),
        binaryEvent({ type: '$>', data: Buffer.from(`5@${stream}`) }),
      ]);
      const unresolved = await collect(client().readStream(links));
      const resolved = await collect(client().readStream(links, { resolveLinkTos: true }));
      expect(unresolved.map((e) => e.event!.type)).toEqual(['$>', '$>']);
      expect(unresolved.every((e) => e.link === undefined)).toBe(true);
      expect(resolved.map((e) => [e.event!.streamId, e.event!.revision, e.link!.streamId])).toEqual([
        [stream, 1n, links],
        [stream, 5n, links],
      ]);
    });
  });

  describe('errors', () => {
    it('stream not found', async () => {
      const missing = uniqueStream('missing');
      const error = await collect(client().readStream(missing)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StreamNotFoundError);
      expect((error as StreamNotFoundError).streamName).toBe(missing);
    });
    // Both are refused by the client before a request is sent.
    it('stream revision invalid argument lower bound', () => {
      expect(() => client().readStream(stream, { direction: BACKWARDS, fromRevision: -1n })).toThrow(
        InvalidArgumentError,
      );
    });
    it('stream revision invalid argument upper bound', () => {
      expect(() => client().readStream(stream, { direction: BACKWARDS, fromRevision: 18446744073709551616n })).toThrow(
        InvalidArgumentError,
      );
    });
    it('stream deleted', async () => {
      const doomed = uniqueStream('doomed');
      await client().appendToStream(doomed, jsonTestEvents());
      await client().tombstoneStream(doomed);
      const error = await collect(client().readStream(doomed, { maxCount: 10 })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StreamDeletedError);
      expect((error as StreamDeletedError).streamName).toBe(doomed);
    });
  });

  it('Supported (>=22.6.0) › populates log position', async () => {
    const [last] = await collect(client().readStream(stream, { maxCount: 1, fromRevision: END, direction: BACKWARDS }));
    expect(last!.event!.position).toEqual(appended.position);
  });
});

describe(upstream('streams/readAll.test.ts'), () => {
  const fixture = useStore();
  const client = () => fixture.client;
  let stream: string;
  beforeAll(async () => {
    stream = uniqueStream('all');
    await client().appendToStream(stream, jsonTestEvents(8));
  });

  describe('should successfully read from $all', () => {
    it('from start', async () => {
      const events = await collect(client().readAll({ fromPosition: START, maxCount: 1000 }));
      // $all begins with the store's system events, then ours in order; the epoch record is
      // written but, as on EventStoreDB, left out of $all reads.
      expect(events[0]!.event!.streamId).toBe('$$$scavenges');
      expect(events[0]!.event!.type).toBe('$metadata');
      expect(events.some((e) => e.event!.streamId === '$epoch-information')).toBe(false);
      expect(events.filter((e) => e.event!.streamId === stream).map((e) => e.event!.revision)).toEqual(
        Array.from({ length: 8 }, (_, i) => BigInt(i)),
      );
    });
    it('from position', async () => {
      const all = await collect(client().readAll({ maxCount: 1000 }));
      const third = all.find((e) => e.event!.streamId === stream && e.event!.revision === 2n)!;
      const [next] = await collect(client().readAll({ fromPosition: third.event!.position!, maxCount: 1 }));
      // Reading forwards from an event's position starts at that event.
      expect(next!.event!.id).toBe(third.event!.id);
    });
    it('backwards from end', async () => {
      const events = await collect(client().readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1000 }));
      expect(events.filter((e) => e.event!.streamId === stream).map((e) => e.event!.revision)).toEqual([
        7n,
        6n,
        5n,
        4n,
        3n,
        2n,
        1n,
        0n,
      ]);
      expect(events[events.length - 1]!.event!.streamId).toBe('$$$scavenges');
    });
    it('maxCount', async () => {
      expect(await collect(client().readAll({ maxCount: 2 }))).toHaveLength(2);
    });
    it('resolve link tos', async () => {
      const links = uniqueStream('all-links');
      await client().appendToStream(links, binaryEvent({ type: '$>', data: Buffer.from(`3@${stream}`) }));
      const page = await collect(
        client().readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 10, resolveLinkTos: true }),
      );
      const resolved = page.find((e) => e.link?.streamId === links);
      expect(resolved!.link!.streamId).toBe(links);
      expect([resolved!.event!.streamId, resolved!.event!.revision]).toEqual([stream, 3n]);
    });
  });

  it('direction forwards is the default', async () => {
    const [a] = await collect(client().readAll({ maxCount: 1 }));
    const [b] = await collect(client().readAll({ direction: FORWARDS, fromPosition: START, maxCount: 1 }));
    expect(a!.event!.id).toBe(b!.event!.id);
  });
});

describe(upstream('streams/deleteStream.test.ts'), () => {
  const fixture = useStore();
  const client = () => fixture.client;
  it('should successfully delete a stream › any revision › succeeds', async () => {
    const stream = uniqueStream('del');
    await client().appendToStream(stream, jsonTestEvents());
    expect(await client().deleteStream(stream)).toBeDefined();
    await expect(collect(client().readStream(stream))).rejects.toBeInstanceOf(StreamNotFoundError);
  });
  it('expected revision › exact › fails', async () => {
    const stream = uniqueStream('del');
    await client().appendToStream(stream, jsonTestEvents(4));
    const error = await client()
      .deleteStream(stream, { expectedRevision: 2n })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect((error as WrongExpectedVersionError).streamName).toBe(stream);
    expect((error as WrongExpectedVersionError).expectedVersion).toBe(2n);
  });
  it('expected revision › exact › succeeds', async () => {
    const stream = uniqueStream('del');
    await client().appendToStream(stream, jsonTestEvents(4));
    await client().deleteStream(stream, { expectedRevision: 3n });
    await expect(collect(client().readStream(stream, { maxCount: 1 }))).rejects.toBeInstanceOf(StreamNotFoundError);
  });
  it('expected revision › no_stream › fails if stream exists', async () => {
    const stream = uniqueStream('del');
    await client().appendToStream(stream, jsonTestEvents(4));
    const error = await client()
      .deleteStream(stream, { expectedRevision: NO_STREAM })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect((error as WrongExpectedVersionError).streamName).toBe(stream);
  });
  // Upstream accepts both answers (success before EventStoreDB PR 3154); the store answers as
  // EventStoreDB does since: a stream that never existed cannot be deleted.
  it("expected revision › no_stream › fails if stream doesn't exist", async () => {
    const stream = uniqueStream('del');
    const error = await client()
      .deleteStream(stream, { expectedRevision: NO_STREAM })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect((error as WrongExpectedVersionError).streamName).toBe(stream);
  });
  it('expected revision › no_stream › succeeds if stream implicityly exists', async () => {
    const stream = uniqueStream('del');
    await client().setStreamMetadata(stream, { cacheControl: 10 });
    expect(await client().deleteStream(stream, { expectedRevision: NO_STREAM })).toBeDefined();
  });
});

describe(upstream('streams/tombstoneStream.test.ts'), () => {
  const fixture = useStore();
  const client = () => fixture.client;
  it('should successfully tombstone a stream › any revision › succeeds', async () => {
    const stream = uniqueStream('tomb');
    await client().appendToStream(stream, jsonTestEvents());
    expect(await client().tombstoneStream(stream)).toBeDefined();
    await expect(collect(client().readStream(stream))).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(client().appendToStream(stream, jsonTestEvents(1))).rejects.toBeInstanceOf(StreamDeletedError);
  });
  it('expected revision › exact › fails', async () => {
    const stream = uniqueStream('tomb');
    await client().appendToStream(stream, jsonTestEvents(4));
    const error = await client()
      .tombstoneStream(stream, { expectedRevision: 2n })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect((error as WrongExpectedVersionError).expectedVersion).toBe(2n);
  });
  it('expected revision › exact › succeeds', async () => {
    const stream = uniqueStream('tomb');
    await client().appendToStream(stream, jsonTestEvents(4));
    await client().tombstoneStream(stream, { expectedRevision: 3n });
    await expect(collect(client().readStream(stream))).rejects.toBeInstanceOf(StreamDeletedError);
  });
  it('expected revision › no stream › fails', async () => {
    const stream = uniqueStream('tomb');
    await client().appendToStream(stream, jsonTestEvents());
    const error = await client()
      .tombstoneStream(stream, { expectedRevision: NO_STREAM })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect((error as WrongExpectedVersionError).streamName).toBe(stream);
  });
  it('expected revision › no stream › succeeds', async () => {
    const stream = uniqueStream('tomb');
    expect(await client().tombstoneStream(stream, { expectedRevision: NO_STREAM })).toBeDefined();
    await expect(collect(client().readStream(stream, { maxCount: 10 }))).rejects.toBeInstanceOf(StreamDeletedError);
  });
});

describe(upstream('streams/getStreamMetadata.test.ts + setStreamMetadata.test.ts'), () => {
  const fixture = useStore();
  const client = () => fixture.client;
  it('getStreamMetadata › should return empty metadata › any stream', async () => {
    const stream = uniqueStream('meta');
    expect(await client().getStreamMetadata(stream)).toEqual({ streamName: stream });
  });
  it('getStreamMetadata › should return empty metadata › written to stream', async () => {
    const stream = uniqueStream('meta');
    await client().appendToStream(stream, jsonTestEvents());
    expect(await client().getStreamMetadata(stream)).toEqual({ streamName: stream });
  });
  it('getStreamMetadata › should return the written metadata › all keys metadata', async () => {
    const stream = uniqueStream('meta');
    const metadata: StreamMetadata = {
      maxAge: 2,
      cacheControl: 15,
      truncateBefore: 1,
      maxCount: 12,
      acl: {
        readRoles: ['admin'],
        writeRoles: ['admin'],
        deleteRoles: ['admin'],
        metaReadRoles: ['admin'],
        metaWriteRoles: ['admin'],
      },
    };
    await client().setStreamMetadata(stream, metadata);
    const read = await client().getStreamMetadata(stream);
    expect(read.streamName).toBe(stream);
    expect(read.metadata).toEqual(metadata);
  });
  it('getStreamMetadata › should return the written metadata › custom keys metadata', async () => {
    const stream = uniqueStream('meta');
    await client().setStreamMetadata(stream, { maxCount: 12, turkey: '🦃' });
    expect((await client().getStreamMetadata(stream)).metadata).toEqual({ maxCount: 12, turkey: '🦃' });
    await client().setStreamMetadata(stream, { maxCount: 11, turkey: '🍗' });
    expect((await client().getStreamMetadata(stream)).metadata).toEqual({ maxCount: 11, turkey: '🍗' });
  });
  it('setStreamMetadata › should successfully set metadata of stream › partial metadata', async () => {
    const stream = uniqueStream('meta');
    const result = await client().setStreamMetadata(stream, { maxCount: 3 });
    expect(result.success).toBe(true);
    expect((await client().getStreamMetadata(stream)).metadata).toEqual({ maxCount: 3 });
  });
  it('setStreamMetadata › should successfully set metadata of stream › metadata goes to the right place', async () => {
    const stream = uniqueStream('meta');
    await client().setStreamMetadata(stream, { maxCount: 2 });
    await client().appendToStream(stream, jsonTestEvents(20));
    const events = await collect(client().readStream(stream, { fromRevision: START, maxCount: 200 }));
    expect(events.map((e) => e.event!.revision)).toEqual([18n, 19n]);
  });
  it('setStreamMetadata › truncateBefore hides the events before it', async () => {
    const stream = uniqueStream('meta');
    await client().appendToStream(stream, jsonTestEvents(5));
    await client().setStreamMetadata(stream, { truncateBefore: 3 });
    expect((await collect(client().readStream(stream))).map((e) => e.event!.revision)).toEqual([3n, 4n]);
  });
});
