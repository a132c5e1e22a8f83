import { LENGTH } from './wire-reader';

/*
 * Writing protobuf's wire format for the requests Heed encodes itself (ADR 0083): each message
 * sized first, then written into a buffer of exactly that size.
 */

/** The size of a length-delimited field of a field number under 16. */
export const fieldSize = (length: number) => 1 + varintSize(length) + length;

export function varintSize(value: number): number {
  let size = 1;
  for (let v = value; v >= 0x80; v = Math.floor(v / 128)) size++;
  return size;
}

export function bigVarintSize(value: bigint): number {
  let size = 1;
  for (let v = value; v >= 0x80n; v >>= 7n) size++;
  return size;
}

/** Writes a message of a known size. */
export class Out {
  private readonly buffer: Buffer;
  private pos = 0;

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
    let v = value;
    while (v >= 0x80n) {
      this.buffer[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buffer[this.pos++] = Number(v);
    return this;
  }

  field(field: number, bytes: Uint8Array): this {
    this.tag(field, LENGTH).varint(bytes.length);
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
