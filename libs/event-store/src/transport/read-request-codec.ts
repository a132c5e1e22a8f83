import { BACKWARDS, END, FORWARDS, START, type ReadRevision } from '@eventstore/db-client';
import type { Direction } from '@eventstore/db-client/dist/types';
import { bigVarintSize, fieldSize, LENGTH, Out, VARINT, varintSize } from '@heed/wire';

/** A stream read as `readStream` asks for it, its arguments checked already. */
export type StreamReadRequest = Readonly<{
  streamName: string;
  fromRevision: ReadRevision;
  resolveLinkTos: boolean;
  /** A non-negative integer (the client writes it as a decimal `uint64`). */
  maxCount: number | bigint;
  direction: Direction;
}>;

/**
 * The bytes of the `Streams.Read` request (`ReadReq`) the client's `readStream` sends, written
 * directly (ADR 0083): options 1 holding the stream 1 (its identifier, then `revision` 2, `start` 3
 * or `end` 4), the direction 3 when backwards, `resolve_links` 4 when set, `count` 5, `no_filter`
 * 8 and the UUID option 9 (string form). Byte for byte the generated message's serialisation
 * (`read-request-codec.spec.ts` compares it with the request the client's own `readStream` builds).
 */
export function encodeStreamReadRequest({
  streamName,
  fromRevision,
  resolveLinkTos,
  maxCount,
  direction,
}: StreamReadRequest): Buffer {
  const nameLength = Buffer.byteLength(streamName);
  const identifierSize = nameLength > 0 ? fieldSize(nameLength) : 0;
  const revision = typeof fromRevision === 'bigint' ? fromRevision : undefined;
  const streamSize = fieldSize(identifierSize) + (revision === undefined ? 2 : 1 + bigVarintSize(revision));
  const backwards = direction === BACKWARDS;
  const optionsSize =
    fieldSize(streamSize) +
    (backwards ? 2 : 0) +
    (resolveLinkTos ? 2 : 0) +
    1 +
    (typeof maxCount === 'bigint' ? bigVarintSize(maxCount) : varintSize(maxCount)) +
    2 + // no_filter
    4; // uuid_option: { string: {} }
  const out = new Out(fieldSize(optionsSize));
  out.tag(1, LENGTH).varint(optionsSize);
  out.tag(1, LENGTH).varint(streamSize);
  out.tag(1, LENGTH).varint(identifierSize);
  if (nameLength > 0) out.text(3, streamName, nameLength);
  if (revision !== undefined) out.tag(2, VARINT).bigVarint(revision);
  else out.tag(fromRevision === START ? 3 : 4, LENGTH).varint(0);
  if (backwards) out.tag(3, VARINT).varint(1);
  if (resolveLinkTos) out.tag(4, VARINT).varint(1);
  if (typeof maxCount === 'bigint') out.tag(5, VARINT).bigVarint(maxCount);
  else out.tag(5, VARINT).varint(maxCount);
  out.tag(8, LENGTH).varint(0);
  out.tag(9, LENGTH).varint(2).tag(2, LENGTH).varint(0);
  return out.done();
}

/** Whether `encodeStreamReadRequest` writes this read as the client would. */
export function isEncodableRead(maxCount: number | bigint, fromRevision: ReadRevision, direction: Direction): boolean {
  return (
    (typeof maxCount === 'bigint'
      ? maxCount >= 0n && maxCount <= MAX_UINT64
      : Number.isSafeInteger(maxCount) && maxCount >= 0) &&
    (fromRevision === START || fromRevision === END || typeof fromRevision === 'bigint') &&
    (direction === FORWARDS || direction === BACKWARDS)
  );
}

const MAX_UINT64 = 2n ** 64n - 1n;
