import {
  convertGrpcEvent,
  convertPersistentSubscriptionGrpcEvent,
} from '@eventstore/db-client/dist/utils/convertGrpcEvent';
import { ReadResp } from '@eventstore/db-client/generated/persistent_pb';
import { ReadResp as StreamsReadResp } from '@eventstore/db-client/generated/streams_pb';
import { AllStreamPosition, Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import fc from 'fast-check';
import { decodeReadResp, decodeStreamsReadResp } from './read-resp-decoder';

/** The client's own way: google-protobuf's message, then its conversion. */
function clientDecode(bytes: Uint8Array) {
  const resp = ReadResp.deserializeBinary(bytes);
  return {
    event: resp.hasEvent() ? convertPersistentSubscriptionGrpcEvent(resp.getEvent()!) : undefined,
    confirmation: resp.hasSubscriptionConfirmation()
      ? resp.getSubscriptionConfirmation()!.getSubscriptionId()
      : undefined,
  };
}

function heedDecode(bytes: Uint8Array, as: 'buffer' | typeof Uint8Array = 'buffer') {
  const resp = decodeReadResp(as === 'buffer' ? Buffer.from(bytes) : new Uint8Array(bytes));
  return {
    event: resp.hasEvent() ? resp.getEvent() : undefined,
    confirmation: resp.hasSubscriptionConfirmation()
      ? resp.getSubscriptionConfirmation()!.getSubscriptionId()
      : undefined,
  };
}

const uint64 = fc.oneof(
  fc.bigInt({ min: 0n, max: 1000n }),
  fc.bigInt({ min: 0n, max: 2n ** 53n }),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
);
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('', '$ce-customer', 'customer-ü-1'),
);
const json = fc.jsonValue().map((v) => JSON.stringify(v));
const payload = fc.oneof(
  json.map((s) => new TextEncoder().encode(s)),
  fc.uint8Array({ maxLength: 40 }),
  fc.constant(new Uint8Array(0)),
);
const ticks = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 62n }).map(String),
  fc.constantFrom('abc', '', ' 12 ', '-5', '1e3'),
);

type RecordedSpec = {
  id: { string: string } | { structured: [bigint, bigint] } | 'empty' | 'none';
  /** null: no stream identifier at all. */
  stream: string | null;
  revision?: bigint;
  prepare?: bigint;
  commit?: bigint;
  metadata: [string, string][];
  custom?: Uint8Array;
  data?: Uint8Array;
};

const recorded: fc.Arbitrary<RecordedSpec> = fc.record(
  {
    id: fc.oneof(
      { weight: 6, arbitrary: fc.uuid().map((string) => ({ string })) },
      { weight: 1, arbitrary: fc.uuid().map((uuid) => ({ structured: structuredOf(uuid) })) },
      { weight: 1, arbitrary: fc.tuple(int64, int64).map((structured) => ({ structured })) },
      { weight: 1, arbitrary: fc.constantFrom('empty' as const) },
    ),
    stream: text,
    revision: uint64,
    prepare: uint64,
    commit: uint64,
    metadata: fc.array(
      fc.oneof(
        fc.tuple(fc.constant('type'), fc.oneof(text, fc.constantFrom('SignedIn', 'CardTransactionAuthorized'))),
        fc.tuple(
          fc.constant('content-type'),
          fc.constantFrom('application/json', 'application/octet-stream', 'text/plain'),
        ),
        fc.tuple(fc.constant('created'), ticks),
        fc.tuple(fc.constant('created'), fc.bigInt({ min: 0n, max: 10n ** 19n - 1n }).map(String)),
        fc.tuple(fc.constant('created'), fc.stringMatching(/^0{0,3}[0-9]{1,18}$/)),
        fc.tuple(text, text),
      ),
      { maxLength: 5 },
    ),
    custom: payload,
    data: payload,
  },
  { requiredKeys: ['id', 'stream', 'metadata'] },
);

type RecordedClass = typeof ReadResp.ReadEvent.RecordedEvent | typeof StreamsReadResp.ReadEvent.RecordedEvent;

function recordedMessage(spec: RecordedSpec, Recorded: RecordedClass = ReadResp.ReadEvent.RecordedEvent) {
  const m = new Recorded();
  if (spec.id !== 'none') {
    const uuid = new UUID();
    if (spec.id !== 'empty' && 'string' in spec.id) uuid.setString(spec.id.string);
    else if (spec.id !== 'empty') {
      const s = new UUID.Structured();
      s.setMostSignificantBits(spec.id.structured[0].toString());
      s.setLeastSignificantBits(spec.id.structured[1].toString());
      uuid.setStructured(s);
    }
    m.setId(uuid);
  }
  if (spec.stream !== null) {
    const identifier = new StreamIdentifier();
    identifier.setStreamName(new TextEncoder().encode(spec.stream));
    m.setStreamIdentifier(identifier);
  }
  if (spec.revision !== undefined) m.setStreamRevision(spec.revision.toString());
  if (spec.prepare !== undefined) m.setPreparePosition(spec.prepare.toString());
  if (spec.commit !== undefined) m.setCommitPosition(spec.commit.toString());
  for (const [key, value] of spec.metadata) m.getMetadataMap().set(key, value);
  if (spec.custom !== undefined) m.setCustomMetadata(spec.custom);
  if (spec.data !== undefined) m.setData(spec.data);
  return m;
}

type ReadEventSpec = {
  event?: RecordedSpec;
  link?: RecordedSpec;
  position?: bigint | 'none';
  retryCount?: number | 'none';
};

const readEvent: fc.Arbitrary<ReadEventSpec> = fc.record(
  {
    event: recorded,
    link: recorded,
    position: fc.oneof(uint64, fc.constant('none' as const)),
    retryCount: fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.constant('none' as const)),
  },
  { requiredKeys: [] },
);

function responseBytes(spec: ReadEventSpec): Uint8Array {
  const event = new ReadResp.ReadEvent();
  if (spec.event) event.setEvent(recordedMessage(spec.event));
  if (spec.link) event.setLink(recordedMessage(spec.link));
  if (spec.position === 'none') event.setNoPosition(new Empty());
  else if (spec.position !== undefined) event.setCommitPosition(spec.position.toString());
  if (spec.retryCount === 'none') event.setNoRetryCount(new Empty());
  else if (spec.retryCount !== undefined) event.setRetryCount(spec.retryCount);
  const resp = new ReadResp();
  resp.setEvent(event);
  return resp.serializeBinary();
}

describe('decodeReadResp', () => {
  it('reads every event message as the client does: google-protobuf, then its conversion', () => {
    let compared = 0;
    fc.assert(
      fc.property(readEvent, (spec) => {
        const bytes = responseBytes(spec);
        const heed = outcome(() => heedDecode(bytes));
        expect(heed).toStrictEqual(outcome(() => clientDecode(bytes)));
        // Bytes in a plain Uint8Array read the same as in the Buffer gRPC hands over.
        expect(outcome(() => heedDecode(bytes, Uint8Array))).toStrictEqual(heed);
        if ('value' in heed) compared++;
      }),
      { numRuns: 2_000, seed: 26 },
    );
    // Most messages are readable (a structured id that is no UUID is refused by both alike).
    expect(compared).toBeGreaterThan(1_400);
  });

  it('reads a subscription confirmation, and an empty response, as the client does', () => {
    const confirmed = new ReadResp();
    const confirmation = new ReadResp.SubscriptionConfirmation();
    confirmation.setSubscriptionId('$ce-customer::engine');
    confirmed.setSubscriptionConfirmation(confirmation);
    const bytes = confirmed.serializeBinary();
    expect(heedDecode(bytes)).toStrictEqual(clientDecode(bytes));
    expect(heedDecode(bytes).confirmation).toBe('$ce-customer::engine');
    expect(heedDecode(new Uint8Array(0))).toStrictEqual({ event: undefined, confirmation: undefined });
  });

  it('skips fields it does not know, and keeps the last of a field given twice, as the client does', () => {
    const first = responseBytes({ event: aRecorded('stream-a'), position: 5n, retryCount: 1 });
    const second = responseBytes({ event: aRecorded('stream-b'), retryCount: 'none' });
    // Field 15, varint 300, and field 14, fixed32, and field 13, fixed64, in front; then both messages.
    const unknown = Uint8Array.from([0x78, 0xac, 0x02, 0x75, 1, 2, 3, 4, 0x69, 1, 2, 3, 4, 5, 6, 7, 8]);
    const bytes = Uint8Array.from([...unknown, ...first, ...second]);
    const heed = heedDecode(bytes);
    expect(heed).toStrictEqual(clientDecode(bytes));
    expect(heed.event?.event?.streamId).toBe('stream-b');
  });

  it('keeps the member of a oneof given last, as the client does', () => {
    const part = (set: (event: ReadResp.ReadEvent) => void): Uint8Array => {
      const event = new ReadResp.ReadEvent();
      set(event);
      return event.serializeBinary();
    };
    const withRetries = part((e) => {
      e.setEvent(recordedMessage(aRecorded('s')));
      e.setRetryCount(3);
      e.setCommitPosition('7');
    });
    const withoutRetries = part((e) => {
      e.setNoRetryCount(new Empty());
      e.setNoPosition(new Empty());
    });
    for (const parts of [
      [withRetries, withoutRetries],
      [withoutRetries, withRetries],
    ]) {
      // One ReadEvent whose fields come in two runs (a message merged from two).
      const merged = Uint8Array.from([...parts[0]!, ...parts[1]!]);
      const bytes = Uint8Array.from([0x0a, ...varint(merged.length), ...merged]);
      expect(heedDecode(bytes)).toStrictEqual(clientDecode(bytes));
    }
    expect(heedDecode(Uint8Array.from([0x0a, ...varint(withRetries.length), ...withRetries])).event).toMatchObject({
      retryCount: 3,
      commitPosition: 7n,
    });
  });

  it('refuses a message cut short', () => {
    const bytes = responseBytes({ event: aRecorded('stream-a') });
    expect(() => decodeReadResp(Buffer.from(bytes.subarray(0, bytes.length - 3)))).toThrow(RangeError);
  });

  it('throws what the client throws for a recorded event without a stream or an id', () => {
    for (const spec of [
      { ...aRecorded('s'), stream: null },
      { ...aRecorded('s'), id: 'none' as const },
    ]) {
      const bytes = responseBytes({ event: spec });
      let clientThrew: unknown;
      try {
        clientDecode(bytes);
      } catch (error) {
        clientThrew = error;
      }
      expect(clientThrew).toEqual(expect.stringContaining('Impossible situation'));
      expect(() => heedDecode(bytes)).toThrow(clientThrew as string);
    }
  });
});

/**
 * A `Streams.Read` response as the client reads it: the questions of `ReadStream` and of the
 * catch-up `Subscription`, then `convertGrpcEvent`.
 */
function clientStreams(bytes: Uint8Array) {
  const resp = StreamsReadResp.deserializeBinary(bytes);
  const notFound = resp.hasStreamNotFound() ? resp.getStreamNotFound()!.getStreamIdentifier()?.getStreamName() : null;
  const checkpoint = resp.getCheckpoint();
  return {
    confirmation: resp.hasConfirmation() ? resp.getConfirmation()?.getSubscriptionId() : null,
    checkpoint: resp.hasCheckpoint() ? [checkpoint!.getCommitPosition(), checkpoint!.getPreparePosition()] : null,
    caughtUp: resp.hasCaughtUp(),
    fellBehind: resp.hasFellBehind(),
    notFound: notFound === null || notFound === undefined ? notFound : Buffer.from(notFound).toString('utf8'),
    event: resp.hasEvent() ? convertGrpcEvent(resp.getEvent()!) : undefined,
  };
}

function heedStreams(bytes: Uint8Array) {
  const resp = decodeStreamsReadResp(Buffer.from(bytes));
  const notFound = resp.hasStreamNotFound() ? resp.getStreamNotFound()!.getStreamIdentifier()?.getStreamName() : null;
  const checkpoint = resp.getCheckpoint();
  return {
    confirmation: resp.hasConfirmation() ? resp.getConfirmation()?.getSubscriptionId() : null,
    checkpoint: resp.hasCheckpoint() ? [checkpoint!.getCommitPosition(), checkpoint!.getPreparePosition()] : null,
    caughtUp: resp.hasCaughtUp(),
    fellBehind: resp.hasFellBehind(),
    notFound,
    event: resp.hasEvent() ? resp.getEvent() : undefined,
  };
}

const streamsResponse = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record(
        { event: recorded, link: recorded, position: fc.oneof(uint64, fc.constant('none' as const)) },
        { requiredKeys: [] },
      )
      .map((spec) => {
        const event = new StreamsReadResp.ReadEvent();
        if (spec.event) event.setEvent(recordedMessage(spec.event, StreamsReadResp.ReadEvent.RecordedEvent));
        if (spec.link) event.setLink(recordedMessage(spec.link, StreamsReadResp.ReadEvent.RecordedEvent));
        if (spec.position === 'none') event.setNoPosition(new Empty());
        else if (spec.position !== undefined) event.setCommitPosition(spec.position.toString());
        const resp = new StreamsReadResp();
        resp.setEvent(event);
        return resp.serializeBinary();
      }),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(text, fc.constant(null)).map((name) => {
      const notFound = new StreamsReadResp.StreamNotFound();
      if (name !== null) {
        const identifier = new StreamIdentifier();
        identifier.setStreamName(new TextEncoder().encode(name));
        notFound.setStreamIdentifier(identifier);
      }
      const resp = new StreamsReadResp();
      resp.setStreamNotFound(notFound);
      return resp.serializeBinary();
    }),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        kind: fc.constantFrom(...([1, 2, 3, 4, 5, 6, 7] as const)),
        id: fc.oneof(text, fc.constant(undefined)),
        commit: fc.oneof(uint64, fc.constant(undefined)),
        prepare: fc.oneof(uint64, fc.constant(undefined)),
      })
      .map(({ kind, id, commit, prepare }) => {
        const resp = new StreamsReadResp();
        if (kind === 1) {
          const confirmation = new StreamsReadResp.SubscriptionConfirmation();
          if (id !== undefined) confirmation.setSubscriptionId(id);
          resp.setConfirmation(confirmation);
        }
        if (kind === 2) {
          const checkpoint = new StreamsReadResp.Checkpoint();
          if (commit !== undefined) checkpoint.setCommitPosition(commit.toString());
          if (prepare !== undefined) checkpoint.setPreparePosition(prepare.toString());
          resp.setCheckpoint(checkpoint);
        }
        if (kind === 3) resp.setFirstStreamPosition((commit ?? 12n).toString());
        if (kind === 4) resp.setLastStreamPosition((prepare ?? 13n).toString());
        if (kind === 5) resp.setCaughtUp(new StreamsReadResp.CaughtUp());
        if (kind === 6) resp.setFellBehind(new StreamsReadResp.FellBehind());
        if (kind === 7) {
          const position = new AllStreamPosition();
          position.setCommitPosition((commit ?? 0n).toString());
          position.setPreparePosition((prepare ?? 0n).toString());
          resp.setLastAllStreamPosition(position);
        }
        return resp.serializeBinary();
      }),
  },
);

describe('decodeStreamsReadResp', () => {
  it('reads every stream read response as the client does: google-protobuf, then its conversion', () => {
    let events = 0;
    let notFound = 0;
    let checkpoints = 0;
    let confirmations = 0;
    let caughtUp = 0;
    fc.assert(
      fc.property(streamsResponse, (bytes) => {
        const heed = outcome(() => heedStreams(bytes));
        expect(heed).toStrictEqual(outcome(() => clientStreams(bytes)));
        if ('value' in heed && heed.value.event !== undefined) events++;
        if ('value' in heed && heed.value.notFound !== null) notFound++;
        if ('value' in heed && heed.value.checkpoint !== null) checkpoints++;
        if ('value' in heed && heed.value.confirmation) confirmations++;
        if ('value' in heed && heed.value.caughtUp) caughtUp++;
      }),
      { numRuns: 2_000, seed: 26 },
    );
    expect(events).toBeGreaterThan(1_000);
    expect(notFound).toBeGreaterThan(50);
    expect(checkpoints).toBeGreaterThan(20);
    expect(confirmations).toBeGreaterThan(20);
    expect(caughtUp).toBeGreaterThan(20);
  });

  it('keeps the member of the response given last, as the client does', () => {
    const event = new StreamsReadResp();
    const readEvent = new StreamsReadResp.ReadEvent();
    readEvent.setEvent(recordedMessage(aRecorded('s'), StreamsReadResp.ReadEvent.RecordedEvent));
    event.setEvent(readEvent);
    const caughtUp = new StreamsReadResp();
    caughtUp.setCaughtUp(new StreamsReadResp.CaughtUp());
    const checkpoint = new StreamsReadResp();
    const position = new StreamsReadResp.Checkpoint();
    position.setCommitPosition('18446744073709551615');
    position.setPreparePosition('7');
    checkpoint.setCheckpoint(position);
    const confirmation = new StreamsReadResp();
    const id = new StreamsReadResp.SubscriptionConfirmation();
    id.setSubscriptionId('sub-1');
    confirmation.setConfirmation(id);
    const members = [event, caughtUp, checkpoint, confirmation].map((m) => m.serializeBinary());
    let compared = 0;
    for (const first of members) {
      for (const second of members) {
        const bytes = Uint8Array.from([...first, ...second]);
        expect(heedStreams(bytes)).toStrictEqual(clientStreams(bytes));
        compared++;
      }
    }
    expect(compared).toBe(16);
    expect(heedStreams(Uint8Array.from([...members[0]!, ...members[2]!])).checkpoint).toEqual([
      '18446744073709551615',
      '7',
    ]);
  });
});

function varint(value: number): number[] {
  const out: number[] = [];
  for (; value >= 0x80; value >>>= 7) out.push((value & 0x7f) | 0x80);
  out.push(value);
  return out;
}

/** What a decoding gives, or the message of what it throws. */
function outcome<T>(decode: () => T): { value: T } | { error: string } {
  try {
    return { value: decode() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** A UUID's two halves as the signed 64-bit integers of its structured form. */
function structuredOf(uuid: string): [bigint, bigint] {
  const hex = uuid.replace(/-/g, '');
  return [BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)), BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`))];
}

function aRecorded(stream: string): RecordedSpec {
  return {
    id: { string: '0b5c3e0e-4b8a-4b35-9d7e-7e0c1f2a3b4c' },
    stream,
    revision: 3n,
    prepare: 10n,
    commit: 10n,
    metadata: [
      ['type', 'SignedIn'],
      ['content-type', 'application/json'],
      ['created', '639000000000000000'],
    ],
    data: new TextEncoder().encode('{"a":1}'),
  };
}
