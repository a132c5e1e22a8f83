import { bigVarintSize, LENGTH, Out, VARINT as VARINT_TYPE, varintSize } from '@heed/wire';

// The wire types as local constants: imported bindings are property reads on every use.
export const VARINT: typeof VARINT_TYPE = 0;
export const LENGTH_DELIMITED: typeof LENGTH = 2;

/**
 * Read responses encoded straight to bytes: the `ReadResp` of `Streams.Read` (reads, catch-up
 * subscriptions) and of `PersistentSubscriptions.Read` carry an event the same way (field 1, a
 * `ReadEvent` of `event`, `link` and `commit_position`; persistent subscriptions add `retry_count`),
 * so one encoder serves both. Building the generated jspb message graph (about a dozen objects per
 * event) and serializing it was the largest per-event cost of both; the bytes are the ones the
 * generated `serializeBinary()` gives for the same content (see `read-event-encoding.spec.ts`).
 */

/**
 * A uint64 field: a bigint, or a non-negative safe integer (what storage reads give, spared the
 * conversion to a bigint and back).
 */
export type WireUint64 = bigint | number;

/** A recorded event's fields as they travel in a `ReadEvent.RecordedEvent`. */
export interface WireRecord {
  readonly id: string;
  readonly streamName: string;
  readonly revision: WireUint64;
  readonly preparePosition: WireUint64;
  readonly commitPosition: WireUint64;
  readonly type: string;
  readonly contentType: string;
  /** `created`: .NET ticks (100 ns) since the Unix epoch, in decimal. */
  readonly created: string;
  readonly metadata: Uint8Array;
  readonly data: Uint8Array;
}

/** A `ReadEvent`: the event (or a link's target), the link, and the response's position. */
export interface WireReadEvent {
  readonly event: WireRecord | undefined;
  readonly link: WireRecord | undefined;
  readonly commitPosition: WireUint64;
  /** Persistent subscriptions only: how many times the message was retried. */
  readonly retryCount?: number;
}

/**
 * The bytes of a `ReadResp` carrying one event, for either service: the caller hands them to
 * grpc-js through its service's response class (see `EncodedReadResp`).
 */
export const encodeReadEvent = (readEvent: WireReadEvent, structuredIds: boolean): Buffer => {
  const event = readEvent.event && measureRecord(readEvent.event, structuredIds);
  const link = readEvent.link && measureRecord(readEvent.link, structuredIds);
  const { commitPosition, retryCount } = readEvent;
  const readEventSize =
    (event ? 1 + varintSize(event.size) + event.size : 0) +
    (link ? 1 + varintSize(link.size) + link.size : 0) +
    1 +
    uint64Size(commitPosition) +
    (retryCount === undefined ? 0 : 1 + varintSize(retryCount));
  const out = new Writer(1 + varintSize(readEventSize) + readEventSize);
  out.tag(1, LENGTH_DELIMITED).varint(readEventSize);
  if (event) out.tag(1, LENGTH_DELIMITED).varint(event.size).record(event);
  if (link) out.tag(2, LENGTH_DELIMITED).varint(link.size).record(link);
  out.tag(3, VARINT).uint64(commitPosition);
  if (retryCount !== undefined) out.tag(5, VARINT).varint(retryCount);
  return out.done();
};

const CONTENT_TYPE_KEY = Buffer.from('content-type', 'latin1');
const CREATED_KEY = Buffer.from('created', 'latin1');
const TYPE_KEY = Buffer.from('type', 'latin1');

/**
 * Stream names and event types recur from event to event (a category's streams, a handful of
 * types): their UTF-8 bytes are kept rather than encoded for each event. Bounded: cleared when full.
 */
const utf8Cache = new Map<string, Buffer>();
const UTF8_CACHE_SIZE = 4096;
const utf8Of = (text: string): Buffer => {
  let bytes = utf8Cache.get(text);
  if (bytes === undefined) {
    if (utf8Cache.size >= UTF8_CACHE_SIZE) utf8Cache.clear();
    bytes = Buffer.from(text, 'utf8');
    utf8Cache.set(text, bytes);
  }
  return bytes;
};
const TWO_POW_64 = 1n << 64n;

/** One record's fields, measured once: sizes first, then bytes, without building message objects. */
type RecordFields = {
  record: WireRecord;
  /** The `UUID` message: bytes when structured; when a string, its text (written in place) and length. */
  id: Uint8Array | undefined;
  idTextLength: number;
  idSize: number;
  stream: Buffer;
  streamSize: number;
  type: Buffer;
  contentType: Buffer;
  size: number;
};

const measureRecord = (record: WireRecord, structuredIds: boolean): RecordFields => {
  const id = structuredIds ? structuredUuidBytes(record.id) : undefined;
  const idTextLength = id === undefined ? Buffer.byteLength(record.id, 'utf8') : 0;
  const idSize = id === undefined ? 1 + varintSize(idTextLength) + idTextLength : id.length;
  const stream = utf8Of(record.streamName);
  const streamSize = stream.length === 0 ? 0 : 1 + varintSize(stream.length) + stream.length;
  const type = utf8Of(record.type);
  const contentType = utf8Of(record.contentType);
  let size = 1 + varintSize(idSize) + idSize;
  size += 1 + varintSize(streamSize) + streamSize;
  if (!isZero(record.revision)) size += 1 + uint64Size(record.revision);
  if (!isZero(record.preparePosition)) size += 1 + uint64Size(record.preparePosition);
  if (!isZero(record.commitPosition)) size += 1 + uint64Size(record.commitPosition);
  size += mapEntrySize(CONTENT_TYPE_KEY, contentType.length);
  size += mapEntrySize(CREATED_KEY, record.created.length);
  size += mapEntrySize(TYPE_KEY, type.length);
  if (record.metadata.length > 0) size += 1 + varintSize(record.metadata.length) + record.metadata.length;
  if (record.data.length > 0) size += 1 + varintSize(record.data.length) + record.data.length;
  return { record, id, idTextLength, idSize, stream, streamSize, type, contentType, size };
};

/** A `map<string, string>` entry: field 6, a message of key (1) and value (2). */
const mapEntrySize = (key: Uint8Array, valueLength: number): number => {
  const entry = 1 + varintSize(key.length) + key.length + 1 + varintSize(valueLength) + valueLength;
  return 1 + varintSize(entry) + entry;
};

/**
 * The `UUID` message's `structured` form (field 1, two sint-free int64s); the `string` form (field
 * 2) is written in place by {@link Writer.record}.
 */
const structuredUuidBytes = (id: string): Uint8Array => {
  const hex = id.replace(/-/g, '');
  const most = int64AsUint64(BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)));
  const least = int64AsUint64(BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`)));
  const inner = (most !== 0n ? 1 + bigVarintSize(most) : 0) + (least !== 0n ? 1 + bigVarintSize(least) : 0);
  const out = new Writer(1 + varintSize(inner) + inner);
  out.tag(1, LENGTH_DELIMITED).varint(inner);
  if (most !== 0n) out.tag(1, VARINT).bigVarint(most);
  if (least !== 0n) out.tag(2, VARINT).bigVarint(least);
  return out.done();
};

/** A negative int64 goes on the wire as its 64-bit two's complement. */
const int64AsUint64 = (value: bigint): bigint => (value < 0n ? value + TWO_POW_64 : value);

const isZero = (value: WireUint64): boolean => value === 0 || value === 0n;

/** The size of a uint64 field's varint. */
export const uint64Size = (value: WireUint64): number => {
  if (typeof value === 'bigint') {
    if (value < 0n || value >= TWO_POW_64) throw new RangeError(`not a uint64: ${value}`);
    return bigVarintSize(value);
  }
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a uint64: ${value}`);
  return varintSize(value);
};

/**
 * `@heed/wire`'s writer with what read and append answers add: uint64s given as numbers or bigints,
 * strings of digits written in place, and a recorded event.
 */
export class Writer extends Out {
  /** A uint64 given as a bigint or a non-negative safe integer. */
  uint64(value: WireUint64): this {
    return typeof value === 'bigint' ? this.bigVarint(value) : this.varint(value);
  }

  /** `Out.field`, written out: the encoder's hottest call, kept on the local wire type. */
  string(field: number, bytes: Uint8Array): this {
    return this.tag(field, LENGTH_DELIMITED).varint(bytes.length).bytes(bytes);
  }

  /** A string field of single-byte characters only (digits), written without an intermediate buffer. */
  latin1(field: number, text: string): this {
    this.tag(field, LENGTH_DELIMITED).varint(text.length);
    this.pos += this.buffer.write(text, this.pos, text.length, 'latin1');
    return this;
  }

  record(fields: RecordFields): this {
    const { record } = fields;
    this.tag(1, LENGTH_DELIMITED).varint(fields.idSize);
    if (fields.id !== undefined) this.bytes(fields.id);
    else {
      this.tag(2, LENGTH_DELIMITED).varint(fields.idTextLength);
      this.pos += this.buffer.write(record.id, this.pos, fields.idTextLength, 'utf8');
    }
    this.tag(2, LENGTH_DELIMITED).varint(fields.streamSize);
    if (fields.stream.length > 0) this.string(3, fields.stream);
    if (!isZero(record.revision)) this.tag(3, VARINT).uint64(record.revision);
    if (!isZero(record.preparePosition)) this.tag(4, VARINT).uint64(record.preparePosition);
    if (!isZero(record.commitPosition)) this.tag(5, VARINT).uint64(record.commitPosition);
    this.mapEntry(CONTENT_TYPE_KEY, fields.contentType);
    this.mapEntry(CREATED_KEY, record.created);
    this.mapEntry(TYPE_KEY, fields.type);
    if (fields.record.metadata.length > 0) this.string(7, fields.record.metadata);
    if (fields.record.data.length > 0) this.string(8, fields.record.data);
    return this;
  }

  private mapEntry(key: Uint8Array, value: string | Uint8Array): this {
    const valueLength = value.length;
    const entry = 1 + varintSize(key.length) + key.length + 1 + varintSize(valueLength) + valueLength;
    this.tag(6, LENGTH_DELIMITED).varint(entry);
    this.string(1, key);
    return typeof value === 'string' ? this.latin1(2, value) : this.string(2, value);
  }
}
