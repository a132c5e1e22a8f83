import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import { IngestError } from '../errors/ingest-error';

/** The content codings ingest decodes, as Segment's HTTP API and the SDKs use them. */
const DECODERS: Readonly<Record<string, () => Transform>> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  // HTTP's "deflate" is the zlib format (RFC 9110 §8.4.1.2), which `createInflate` reads.
  deflate: createInflate,
};

/**
 * The decoded request body, read as the decoder makes it and refused as soon as it would exceed
 * `maxBytes` (decoded) or the compressed body does: a decompression bomb costs at most `maxBytes`
 * of memory and the time to inflate that much, never its full size. `receivedEncodedLength` is the
 * compressed length read so far, which Fastify checks against `Content-Length` and its own limit.
 */
class CappedBody extends Transform {
  receivedEncodedLength = 0;
  private decodedLength = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly coding: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.decodedLength += chunk.length;
    if (this.decodedLength > this.maxBytes) {
      done(tooLarge(`expected at most ${this.maxBytes} bytes once decompressed (${this.coding})`));
      return;
    }
    done(null, chunk);
  }

  countEncoded(chunk: Buffer): Error | undefined {
    this.receivedEncodedLength += chunk.length;
    return this.receivedEncodedLength > this.maxBytes
      ? tooLarge(`expected at most ${this.maxBytes} bytes of ${this.coding}-compressed body`)
      : undefined;
  }
}

/**
 * The body of a request as its parser should read it: the raw stream when it is not encoded,
 * else the stream decoded from `Content-Encoding` and capped at `maxBytes` decoded.
 *
 * @throws IngestError `UNSUPPORTED_MEDIA_TYPE` for a coding other than gzip, deflate or identity.
 */
export function decodedBody(raw: Readable, contentEncoding: string | undefined, maxBytes: number): Readable {
  if (!isCompressed(contentEncoding)) return raw;
  const coding = contentEncoding!.trim().toLowerCase();
  const decoder = Object.hasOwn(DECODERS, coding) ? DECODERS[coding]!() : undefined;
  if (decoder === undefined) {
    throw IngestError.at(
      'UNSUPPORTED_MEDIA_TYPE',
      'headers.content-encoding',
      `expected gzip, deflate or identity, got ${JSON.stringify(contentEncoding?.slice(0, 64))}`,
    );
  }
  const body = new CappedBody(maxBytes, coding);
  // On any failure the decoder is detached and destroyed, so that nothing more is inflated. The
  // rest of the raw request is read and dropped, as Fastify does past its own limit: destroying it
  // would close the socket before the answer is sent.
  const fail = (error: Error): void => {
    if (body.destroyed) return;
    raw.unpipe(decoder);
    decoder.destroy();
    body.destroy(error);
    raw.resume();
  };
  raw.on('data', (chunk: Buffer) => {
    const error = body.destroyed ? undefined : body.countEncoded(chunk);
    if (error !== undefined) fail(error);
  });
  raw.once('error', fail);
  decoder.once('error', (error) =>
    fail(IngestError.at('INVALID_JSON', 'body', `expected a ${coding}-compressed body (${error.message})`)),
  );
  body.once('error', () => {
    raw.unpipe(decoder);
    decoder.destroy();
    raw.resume();
  });
  raw.pipe(decoder).pipe(body);
  return body;
}

/** Whether a `Content-Encoding` header says the body is compressed (anything but none or identity). */
export function isCompressed(contentEncoding: string | undefined): boolean {
  const coding = (contentEncoding ?? '').trim().toLowerCase();
  return coding !== '' && coding !== 'identity';
}

function tooLarge(message: string): IngestError {
  return IngestError.at('REQUEST_TOO_LARGE', 'body', message);
}
