import { ReadResp } from '@eventstore/db-client/generated/persistent_pb';

import { type GroupMessage } from './group-message';
import { originalRecord, type StoredRecord } from './stored-record';

/**
 * A `ReadResp` whose bytes are already encoded. grpc-js serializes a response through
 * `serializeBinary()` after checking it is a `ReadResp`, so this one passes the check and hands over
 * its bytes.
 */
export class EncodedReadResp extends ReadResp {
  constructor(private readonly bytes: Uint8Array) {
    super();
  }

  override serializeBinary(): Uint8Array {
    return this.bytes;
  }
}

// Protocol buffer wire types.
const VARINT = 0;
const LENGTH_DELIMITED = 2;
const tag = (field: number, wireType: number): number => (field << 3) | wireType;

const JSON_CONTENT = Buffer.from('application/json', 'latin1');
const OCTET_STREAM = Buffer.from('application/octet-stream', 'latin1');
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
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const TWO_POW_64 = 1n << 64n;

/** One record's fields, measured once: sizes first, then bytes, without building message objects. */
type RecordFields = {
  record: StoredRecord;
  id: Uint8Array;
  stream: Buffer;
  streamSize: number;
  revision: bigint;
  prepare: bigint;
  commit: bigint;
  type: Buffer;
  contentType: Buffer;
  /** Decimal digits: one byte per character. */
  created: string;
  metadataEntries: number;
  size: number;
};

/**
 * A persistent subscription's `ReadResp` event message, encoded directly to the bytes the generated
 * `ReadResp.serializeBinary()` gives for the same content (see `event-response-encoding.spec.ts`):
 * the jspb message graph (about a dozen objects per event) and its serialization were the largest
 * per-event cost of delivering to a consumer.
 */
export const encodeEventResponse = (message: GroupMessage, structuredIds: boolean): EncodedReadResp => {
  const original = originalRecord(message.record);
  const event = message.record.event && measureRecord(message.record.event, original, structuredIds);
  const link = message.record.link && measureRecord(message.record.link, original, structuredIds);
  const commit = original.position.commit;
  const retryCount = message.retryCount;
  const readEventSize =
    (event ? 1 + varintSize(event.size) + event.size : 0) +
    (link ? 1 + varintSize(link.size) + link.size : 0) +
    1 +
    bigVarintSize(commit) +
    1 +
    varintSize(retryCount);
  const out = new Writer(1 + varintSize(readEventSize) + readEventSize);
  out.tag(1, LENGTH_DELIMITED).varint(readEventSize);
  if (event) out.tag(1, LENGTH_DELIMITED).varint(event.size).record(event);
  if (link) out.tag(2, LENGTH_DELIMITED).varint(link.size).record(link);
  out.tag(3, VARINT).bigVarint(commit);
  out.tag(5, VARINT).varint(retryCount);
  return new EncodedReadResp(out.finish());
};

const measureRecord = (record: StoredRecord, original: StoredRecord, structuredIds: boolean): RecordFields => {
  const id = uuidBytes(record.id, structuredIds);
  const stream = utf8Of(record.streamId);
  const streamSize = stream.length === 0 ? 0 : 1 + varintSize(stream.length) + stream.length;
  const type = utf8Of(record.type);
  const contentType = record.isJson ? JSON_CONTENT : OCTET_STREAM;
  const created = record.created.toString();
  // As on EventStoreDB, both records carry the position of the record the group met (the link's).
  const fields: RecordFields = {
    record,
    id,
    stream,
    streamSize,
    revision: record.revision,
    prepare: original.position.prepare,
    commit: original.position.commit,
    type,
    contentType,
    created,
    metadataEntries: 0,
    size: 0,
  };
  let size = 1 + varintSize(id.length) + id.length;
  size += 1 + varintSize(streamSize) + streamSize;
  if (fields.revision !== 0n) size += 1 + bigVarintSize(fields.revision);
  if (fields.prepare !== 0n) size += 1 + bigVarintSize(fields.prepare);
  if (fields.commit !== 0n) size += 1 + bigVarintSize(fields.commit);
  size += mapEntrySize(CONTENT_TYPE_KEY, contentType.length);
  size += mapEntrySize(CREATED_KEY, created.length);
  size += mapEntrySize(TYPE_KEY, type.length);
  if (record.metadata.length > 0) size += 1 + varintSize(record.metadata.length) + record.metadata.length;
  if (record.data.length > 0) size += 1 + varintSize(record.data.length) + record.data.length;
  fields.size = size;
  return fields;
};

/** A `map<string, string>` entry: field 6, a message of key (1) and value (2). */
const mapEntrySize = (key: Uint8Array, valueLength: number): number => {
  const entry = 1 + varintSize(key.length) + key.length + 1 + varintSize(valueLength) + valueLength;
  return 1 + varintSize(entry) + entry;
};

/** The `UUID` message: `string` (field 2) or `structured` (field 1, two sint-free int64s). */
const uuidBytes = (id: string, structured: boolean): Uint8Array => {
  if (!structured) {
    const text = Buffer.from(id, 'utf8');
    const out = new Writer(1 + varintSize(text.length) + text.length);
    return out.tag(2, LENGTH_DELIMITED).varint(text.length).bytes(text).finish();
  }
  const hex = id.replace(/-/g, '');
  const most = int64AsUint64(BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)));
  const least = int64AsUint64(BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`)));
  const inner = (most !== 0n ? 1 + bigVarintSize(most) : 0) + (least !== 0n ? 1 + bigVarintSize(least) : 0);
  const out = new Writer(1 + varintSize(inner) + inner);
  out.tag(1, LENGTH_DELIMITED).varint(inner);
  if (most !== 0n) out.tag(1, VARINT).bigVarint(most);
  if (least !== 0n) out.tag(2, VARINT).bigVarint(least);
  return out.finish();
};

/** A negative int64 goes on the wire as its 64-bit two's complement. */
const int64AsUint64 = (value: bigint): bigint => (value < 0n ? value + TWO_POW_64 : value);

/** The size of a varint of a non-negative safe integer (lengths, tags, counts). */
const varintSize = (value: number): number => {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  let size = 4;
  for (let rest = Math.floor(value / 0x10000000); rest > 0; rest = Math.floor(rest / 0x80)) size += 1;
  return size;
};

/** The size of a uint64 varint (positions, revisions). */
const bigVarintSize = (value: bigint): number => {
  if (value < 0n || value >= TWO_POW_64) throw new RangeError(`not a uint64: ${value}`);
  if (value <= MAX_SAFE) return varintSize(Number(value));
  let size = 1;
  for (let rest = value >> 7n; rest > 0n; rest >>= 7n) size += 1;
  return size;
};

/** Writes into a buffer of the size measured beforehand; `finish` checks the measure was right. */
class Writer {
  private readonly buffer: Buffer;
  private at = 0;

  constructor(size: number) {
    this.buffer = Buffer.allocUnsafe(size);
  }

  tag(field: number, wireType: number): this {
    return this.varint(tag(field, wireType));
  }

  /** A non-negative safe integer. */
  varint(value: number): this {
    let rest = value;
    while (rest >= 0x80) {
      this.buffer[this.at++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.buffer[this.at++] = rest;
    return this;
  }

  /** A uint64. */
  bigVarint(value: bigint): this {
    if (value <= MAX_SAFE) return this.varint(Number(value));
    let rest = value;
    while (rest >= 0x80n) {
      this.buffer[this.at++] = Number(rest & 0x7fn) | 0x80;
      rest >>= 7n;
    }
    this.buffer[this.at++] = Number(rest);
    return this;
  }

  bytes(bytes: Uint8Array): this {
    this.buffer.set(bytes, this.at);
    this.at += bytes.length;
    return this;
  }

  string(field: number, bytes: Uint8Array): this {
    return this.tag(field, LENGTH_DELIMITED).varint(bytes.length).bytes(bytes);
  }

  /** A string field of single-byte characters only (digits), written without an intermediate buffer. */
  latin1(field: number, text: string): this {
    this.tag(field, LENGTH_DELIMITED).varint(text.length);
    this.at += this.buffer.write(text, this.at, text.length, 'latin1');
    return this;
  }

  record(fields: RecordFields): this {
    this.string(1, fields.id);
    this.tag(2, LENGTH_DELIMITED).varint(fields.streamSize);
    if (fields.stream.length > 0) this.string(3, fields.stream);
    if (fields.revision !== 0n) this.tag(3, VARINT).bigVarint(fields.revision);
    if (fields.prepare !== 0n) this.tag(4, VARINT).bigVarint(fields.prepare);
    if (fields.commit !== 0n) this.tag(5, VARINT).bigVarint(fields.commit);
    this.mapEntry(CONTENT_TYPE_KEY, fields.contentType);
    this.mapEntry(CREATED_KEY, fields.created);
    this.mapEntry(TYPE_KEY, fields.type);
    if (fields.record.metadata.length > 0) this.string(7, fields.record.metadata);
    if (fields.record.data.length > 0) this.string(8, fields.record.data);
    return this;
  }

  finish(): Buffer {
    if (this.at !== this.buffer.length) {
      throw new RangeError(`encoded ${this.at} bytes into a message measured at ${this.buffer.length}`);
    }
    return this.buffer;
  }

  private mapEntry(key: Uint8Array, value: string | Uint8Array): this {
    const valueLength = value.length;
    const entry = 1 + varintSize(key.length) + key.length + 1 + varintSize(valueLength) + valueLength;
    this.tag(6, LENGTH_DELIMITED).varint(entry);
    this.string(1, key);
    return typeof value === 'string' ? this.latin1(2, value) : this.string(2, value);
  }
}
