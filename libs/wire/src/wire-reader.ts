/*
 * Reading protobuf's wire format for the messages Heed decodes itself (ADR 0082, 0083).
 */

export const VARINT = 0;
const FIXED64 = 1;
export const LENGTH = 2;
const START_GROUP = 3;
const END_GROUP = 4;
const FIXED32 = 5;

const utf8Decoder = new TextDecoder('utf-8');
/** UTF-8 text of a span: through `Buffer`'s own decoder for the buffers gRPC hands over (much the cheaper). */
export const utf8 = (bytes: Uint8Array, start: number, end: number): string =>
  start === end
    ? ''
    : Buffer.isBuffer(bytes)
      ? bytes.toString('utf8', start, end)
      : utf8Decoder.decode(bytes.subarray(start, end));

/** The protobuf wire format over a span of bytes. */
export class WireReader {
  private pos: number;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    private readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  more(): boolean {
    return this.pos < this.end;
  }

  uint32(): number {
    const b = this.bytes;
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.byte(b);
      value |= (byte & 0x7f) << shift;
      if (byte < 0x80) return value >>> 0;
    }
    // A varint of a 64-bit value read as 32 bits: its low bits, the rest skipped.
    for (let i = 0; i < 5; i++) if (this.byte(b) < 0x80) return value >>> 0;
    throw new RangeError('malformed varint');
  }

  /** An `int32`: the low 32 bits of the varint, signed. */
  int32(): number {
    return this.uint32() | 0;
  }

  /** A varint as an unsigned 64-bit integer. */
  uint64(): bigint {
    const b = this.bytes;
    let low = 0;
    let shift = 0;
    // Up to 28 bits in a small integer, the usual case.
    for (; shift < 28; shift += 7) {
      const byte = this.byte(b);
      low |= (byte & 0x7f) << shift;
      if (byte < 0x80) return BigInt(low);
    }
    let value = BigInt(low);
    for (let big = 28n; big < 70n; big += 7n) {
      const byte = this.byte(b);
      value |= BigInt(byte & 0x7f) << big;
      if (byte < 0x80) return BigInt.asUintN(64, value);
    }
    throw new RangeError('malformed varint');
  }

  /** The span of a length-delimited field's bytes, skipped over. */
  span(): [number, number] {
    const length = this.uint32();
    const start = this.pos;
    if (start + length > this.end) throw new RangeError('length-delimited field beyond its message');
    this.pos = start + length;
    return [start, this.pos];
  }

  /** A length-delimited field as a reader of its own. */
  sub(): WireReader {
    const [start, end] = this.span();
    return new WireReader(this.bytes, start, end);
  }

  string(): string {
    const [start, end] = this.span();
    return utf8(this.bytes, start, end);
  }

  /** Skips the value of a field this reader does not read. */
  skip(tag: number): void {
    switch (tag & 7) {
      case VARINT:
        while (this.byte(this.bytes) >= 0x80);
        return;
      case FIXED64:
        this.advance(8);
        return;
      case LENGTH:
        this.span();
        return;
      case FIXED32:
        this.advance(4);
        return;
      case START_GROUP:
        for (;;) {
          const inner = this.uint32();
          if ((inner & 7) === END_GROUP) {
            if (inner >>> 3 !== tag >>> 3) throw new RangeError('unmatched end of group');
            return;
          }
          this.skip(inner);
        }
      default:
        throw new RangeError(`unknown wire type ${tag & 7}`);
    }
  }

  private advance(count: number): void {
    if (this.pos + count > this.end) throw new RangeError('field beyond its message');
    this.pos += count;
  }

  private byte(b: Uint8Array): number {
    if (this.pos >= this.end) throw new RangeError('varint beyond its message');
    return b[this.pos++]!;
  }
}
