import { LENGTH } from './wire-reader';

/*
 * Writing protobuf's wire format for the requests Heed encodes itself (ADR 0083): each message
 * sized first, then written into a buffer of exactly that size.
 */

/** The size of a length-delimited field of a field number under 16. */
export const fieldSize = (length: number) => 1 + varintSize(length) + length;

/** The size of a varint of a non-negative safe integer (lengths, tags, counts). */
export function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  let size = 4;
  for (let rest = Math.floor(value / 0x10000000); rest > 0; rest = Math.floor(rest / 0x80)) size += 1;
  return size;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The size of a uint64 varint. */
export function bigVarintSize(value: bigint): number {
  if (value <= MAX_SAFE) return varintSize(Number(value));
  let size = 1;
  for (let v = value; v >= 0x80n; v >>= 7n) size++;
  return size;
}

/**
 * Writes a message of a known size. Tags are one byte: field numbers under 16, as in every message
 * Heed writes itself.
 */
export class Out {
  protected readonly buffer: Buffer;
  protected pos = 0;

  constructor(size: number) {
    this.buffer = Buffer.allocUnsafe(size);
  }

  tag(field: number, wire: number): this {
    this.buffer[this.pos++] = (field << 3) | wire;
    return this;
  }

  varint(value: number): this {
    let v = value;
    while (v >= 0x80) {
      this.buffer[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buffer[this.pos++] = v;
    return this;
  }

  bigVarint(value: bigint): this {
    if (value <= MAX_SAFE) return this.varint(Number(value));
    let v = value;
    while (v >= 0x80n) {
      this.buffer[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buffer[this.pos++] = Number(v);
    return this;
  }

  field(field: number, bytes: Uint8Array): this {
    return this.tag(field, LENGTH).varint(bytes.length).bytes(bytes);
  }

  /** Bytes as they are (an encoded field or message). */
  bytes(bytes: Uint8Array): this {
    this.buffer.set(bytes, this.pos);
    this.pos += bytes.length;
    return this;
  }

  text(field: number, text: string, length: number): this {
    this.tag(field, LENGTH).varint(length);
    this.pos += this.buffer.write(text, this.pos, 'utf8');
    return this;
  }

  done(): Buffer {
    if (this.pos !== this.buffer.length) throw new Error(`encoded ${this.pos} of ${this.buffer.length} bytes`);
    return this.buffer;
  }
}
