import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { parseGuid } from './guid';
import { InvalidRequestError } from './invalid-request';

/** 2^63-1: what EventStoreDB shows as a tombstone's revision. */
export const TOMBSTONE_WIRE_REVISION = '9223372036854775807';

/** .NET ticks (100 ns) per millisecond: `created` travels as ticks since the Unix epoch. */
const TICKS_PER_MS = 10_000n;

export const EMPTY = new Empty();

/** Milliseconds since the epoch as the ticks the client divides back to milliseconds. */
export function toTicks(ms: number): string {
  return (BigInt(ms) * TICKS_PER_MS).toString();
}

/** The stream name of a request's identifier. */
export function streamNameOf(identifier: StreamIdentifier | undefined): string {
  return streamNameOfBytes(identifier?.getStreamName_asU8());
}

/** {@link streamNameOf} of the identifier's `stream_name` bytes; undefined without an identifier. */
export function streamNameOfBytes(raw: Uint8Array | undefined): string {
  if (raw === undefined) throw new InvalidRequestError('stream_identifier is required');
  const name = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
  if (name === '') throw new InvalidRequestError('stream_identifier.stream_name must not be empty');
  return name;
}

export function streamIdentifier(name: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Buffer.from(name, 'utf8'));
}

/** A UUID message's fields: the `structured` halves (signed decimal, as jspb reads them) or the `string` form. */
export interface UuidFields {
  readonly structured: readonly [most: string, least: string] | undefined;
  /** Undefined when the `string` member was not given. */
  readonly text: string | undefined;
}

/** The fields of a generated `UUID`. */
export function uuidFieldsOf(uuid: UUID | undefined): UuidFields | undefined {
  if (uuid === undefined) return undefined;
  const structured = uuid.getStructured();
  return {
    structured:
      structured === undefined
        ? undefined
        : [String(structured.getMostSignificantBits()), String(structured.getLeastSignificantBits())],
    text: uuid.hasString() ? uuid.getString() : undefined,
  };
}

/**
 * A UUID message as the canonical lower-case string. A string UUID may take any form EventStoreDB
 * accepts (see {@link parseGuid}).
 */
export function uuidOf(uuid: UUID | undefined): string {
  return uuidTextOf(uuidFieldsOf(uuid));
}

/** {@link uuidOf} of a UUID's fields. */
export function uuidTextOf(uuid: UuidFields | undefined): string {
  if (uuid === undefined) throw new InvalidRequestError('id is required');
  if (uuid.structured !== undefined) {
    const most = BigInt.asUintN(64, BigInt(uuid.structured[0]));
    const least = BigInt.asUintN(64, BigInt(uuid.structured[1]));
    const hex = most.toString(16).padStart(16, '0') + least.toString(16).padStart(16, '0');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  const text = uuid.text ?? '';
  const parsed = parseGuid(text);
  if (parsed === undefined)
    throw new InvalidRequestError(
      `id: expected a UUID (32 hex digits, optionally hyphenated 8-4-4-4-12, in braces or parentheses), got "${text}"`,
    );
  return parsed;
}

/** A UUID string as a message, in the form the reader asked for. */
export function uuidMessage(id: string, structured: boolean): UUID {
  const message = new UUID();
  if (!structured) return message.setString(id);
  const hex = id.replace(/-/g, '');
  const s = new UUID.Structured()
    .setMostSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)).toString())
    .setLeastSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`)).toString());
  return message.setStructured(s);
}

/** A uint64 carried as a decimal string, as a safe integer (larger values are capped). */
export function uint64(text: string, field: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidRequestError(`${field}: expected an unsigned integer, got "${text}"`);
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : Number.MAX_SAFE_INTEGER;
}
