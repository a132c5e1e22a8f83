import { randomUUID } from 'node:crypto';
import {
  DeadlineExceededError,
  EventStoreDBClient,
  jsonEvent,
  MaxAppendSizeExceededError,
  StreamDeletedError,
  UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { unpackToCommandError } from '@eventstore/db-client/dist/streams/appendToStream/unpackError';
import { credentials } from '@grpc/grpc-js';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { startEmbeddedStore } from '@heed/embedded-store';
import type { RunningEmbeddedStore } from '@heed/embedded-store';
import { collect, uniqueStream } from './store-fixture';

const event = (id?: string) => jsonEvent({ type: 'Happened', data: { n: 1 }, ...(id === undefined ? {} : { id }) });

/**
 * Every way a BatchAppend can fail is answered with a response carrying a status with details, so
 * `@eventstore/db-client` rejects that one append and keeps its shared append call working.
 */
describe('embedded store: BatchAppend errors leave the client usable', () => {
  let store: RunningEmbeddedStore;
  let client: EventStoreDBClient;
  beforeAll(async () => {
    store = await startEmbeddedStore({ port: 0, maxAppendSize: 1024 });
    client = EventStoreDBClient.connectionString(store.connectionString);
  });
  afterAll(async () => {
    await client.dispose();
    await store.stop();
  });

  /** The next append of the same client is answered and written. */
  async function nextAppendIsAnswered(): Promise<void> {
    const stream = uniqueStream('after-error');
    const result = await client.appendToStream(stream, event());
    expect(result.nextExpectedRevision).toBe(0n);
    expect(await collect(client.readStream(stream))).toHaveLength(1);
  }

  it('wrong expected revision', async () => {
    const stream = uniqueStream('wev');
    await client.appendToStream(stream, event());
    await expect(client.appendToStream(stream, event(), { expectedRevision: 5n })).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
    await nextAppendIsAnswered();
  });

  it('wrong expected revision answered as a result when throwOnAppendFailure is off', async () => {
    const lenient = EventStoreDBClient.connectionString(`${store.connectionString}&throwOnAppendFailure=false`);
    try {
      const stream = uniqueStream('wev-result');
      await lenient.appendToStream(stream, [event(), event()]);
      const result = await lenient.appendToStream(stream, event(), { expectedRevision: 'no_stream' });
      expect(result.success).toBe(false);
      const next = await lenient.appendToStream(stream, event(), { expectedRevision: 1n });
      expect(next).toMatchObject({ success: true, nextExpectedRevision: 2n });
    } finally {
      await lenient.dispose();
    }
  });

  it('tombstoned stream', async () => {
    const stream = uniqueStream('deleted');
    await client.appendToStream(stream, event());
    await client.tombstoneStream(stream);
    await expect(client.appendToStream(stream, event())).rejects.toBeInstanceOf(StreamDeletedError);
    await nextAppendIsAnswered();
  });

  it('maximum append size exceeded', async () => {
    const stream = uniqueStream('big');
    const big = jsonEvent({ type: 'Big', data: { blob: 'x'.repeat(2048) } });
    const error = await client.appendToStream(stream, big).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
    expect((error as MaxAppendSizeExceededError).maxAppendSize).toBe(1024);
    expect(await collect(client.readStream(stream)).catch((e: unknown) => e)).toBeInstanceOf(Error);
    await nextAppendIsAnswered();
  });

  it('deadline already passed: DEADLINE_EXCEEDED and nothing written', async () => {
    const stream = uniqueStream('late');
    await expect(client.appendToStream(stream, event(), { deadline: 0 })).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(store.storage.streamState(stream).lastRevision).toBe(-1);
    await nextAppendIsAnswered();
  });

  it('a deadline too far away for a timer (deadline: Infinity) is no deadline', async () => {
    const stream = uniqueStream('forever');
    // Split over many requests, so that the append is still open when a timer would fire.
    const events = Array.from({ length: 100 }, () => event());
    const result = await client.appendToStream(stream, events, { deadline: Infinity, batchAppendSize: 128 });
    expect(result.nextExpectedRevision).toBe(99n);
  });

  it('an event id that is not a UUID', async () => {
    const stream = uniqueStream('bad-id');
    const error = await client.appendToStream(stream, event('not-a-uuid')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownError);
    expect(store.storage.streamState(stream).lastRevision).toBe(-1);
    await nextAppendIsAnswered();
  });

  it('a storage failure', async () => {
    const stream = uniqueStream('disk');
    const append = jest.spyOn(store.storage, 'append').mockRejectedValueOnce(new Error('disk I/O error'));
    try {
      await expect(client.appendToStream(stream, event())).rejects.toBeInstanceOf(UnknownError);
    } finally {
      append.mockRestore();
    }
    await nextAppendIsAnswered();
  });

  describe('event id forms EventStoreDB accepts', () => {
    const id = randomUUID();
    const digits = id.replace(/-/g, '');
    const parts = [digits.slice(0, 8), digits.slice(8, 12), digits.slice(12, 16)];
    const bytes = digits.slice(16).match(/../g)!;
    it.each([
      ['32 hex digits', digits],
      ['upper-case hyphenated', id.toUpperCase()],
      ['braces', `{${id}}`],
      ['parentheses', `(${id})`],
      ['surrounding whitespace', ` ${id} `],
      ['hexadecimal parts', `{0x${parts[0]},0x${parts[1]},0x${parts[2]},{${bytes.map((b) => `0x${b}`).join(',')}}}`],
    ])('%s', async (_, form) => {
      const stream = uniqueStream('id-form');
      await client.appendToStream(stream, event(form));
      const [read] = await collect(client.readStream(stream));
      expect(read!.event!.id).toBe(id);
    });
  });

  describe('malformed requests the client library never sends, through a raw gRPC call', () => {
    let raw: StreamsClient;
    beforeAll(() => {
      raw = new StreamsClient(`${store.host}:${store.port}`, credentials.createInsecure());
    });
    afterAll(() => raw.close());

    /** Sends the requests of one append on a new call and returns its one response. */
    function answerTo(...requests: BatchAppendReq[]): Promise<BatchAppendResp> {
      return new Promise((resolve, reject) => {
        const call = raw.batchAppend();
        call.on('data', (response: BatchAppendResp) => {
          resolve(response);
          call.end();
        });
        call.on('error', reject);
        for (const request of requests) call.write(request);
      });
    }
    const correlation = (): UUID => new UUID().setString(randomUUID());
    const message = (type?: string): BatchAppendReq.ProposedMessage => {
      const proposed = new BatchAppendReq.ProposedMessage().setId(new UUID().setString(randomUUID()));
      if (type !== undefined) proposed.getMetadataMap().set('type', type).set('content-type', 'application/json');
      return proposed.setData(Buffer.from('{}'));
    };
    /** One request of an append. */
    const request = (
      id: UUID,
      parts: { options?: BatchAppendReq.Options; messages?: BatchAppendReq.ProposedMessage[]; final?: boolean },
    ): BatchAppendReq => {
      const result = new BatchAppendReq().setCorrelationId(id).setIsFinal(parts.final ?? false);
      if (parts.options !== undefined) result.setOptions(parts.options);
      return result.setProposedMessagesList(parts.messages ?? []);
    };
    const options = (stream: string | undefined): BatchAppendReq.Options => {
      const result = new BatchAppendReq.Options().setAny(new Empty());
      return stream === undefined ? result : result.setStreamIdentifier(new StreamIdentifier().setStreamName(stream));
    };

    /** What the client makes of the response: a typed error, never a crash. */
    function clientErrorOf(response: BatchAppendResp): Error {
      expect(response.hasError()).toBe(true);
      expect(response.getError()!.getDetails()).toBeDefined();
      expect(response.getStreamIdentifier()).toBeDefined();
      return unpackToCommandError(response.getError()!, '');
    }

    it('an append without options', async () => {
      const id = correlation();
      const response = await answerTo(request(id, { messages: [message('A')], final: true }));
      expect(response.getCorrelationId()!.getString()).toBe(id.getString());
      expect(response.getError()!.getCode()).toBe(3);
      expect(clientErrorOf(response)).toBeInstanceOf(UnknownError);
    });

    it('options without a stream', async () => {
      const response = await answerTo(request(correlation(), { options: options(undefined), final: true }));
      expect(clientErrorOf(response).message).toContain('BadRequest');
    });

    it('a proposed message without its type metadata, split over two requests', async () => {
      const stream = uniqueStream('no-type');
      const id = correlation();
      const response = await answerTo(
        request(id, { options: options(stream), messages: [message()] }),
        request(id, { messages: [message('A')], final: true }),
      );
      expect(clientErrorOf(response)).toBeInstanceOf(UnknownError);
      expect(store.storage.streamState(stream).lastRevision).toBe(-1);
    });

    it('an append whose deadline passes before its last request', async () => {
      const stream = uniqueStream('slow');
      const id = correlation();
      const soon = options(stream).setDeadline(Timestamp.fromDate(new Date(Date.now() + 20)));
      const call = raw.batchAppend();
      const answered = new Promise<BatchAppendResp>((resolve) => call.on('data', resolve));
      call.write(request(id, { options: soon, messages: [message('A')] }));
      const response = await answered;
      // The last part arrives after the timeout was answered: ignored, nothing written.
      call.write(request(id, { messages: [message('B')], final: true }));
      await new Promise<void>((resolve) => {
        call.on('end', resolve);
        call.on('error', () => resolve());
        call.end();
      });
      expect(clientErrorOf(response)).toBeInstanceOf(DeadlineExceededError);
      expect(store.storage.streamState(stream).lastRevision).toBe(-1);
    });
  });
});
