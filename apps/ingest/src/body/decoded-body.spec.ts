import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { deflateSync, gzipSync } from 'node:zlib';
import { IngestError } from '../errors/ingest-error';
import { decodedBody } from './decoded-body';

const json = JSON.stringify({ batch: [{ type: 'track', event: 'Signed In' }] });

/** The error a body stream fails with. */
async function failure(body: Readable): Promise<IngestError> {
  const [error] = (await once(body, 'error').catch((e: unknown) => [e])) as [unknown];
  if (error instanceof IngestError) return error;
  throw error;
}

describe('decoded request bodies', () => {
  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['GZip ', gzipSync],
  ])('decodes %j', async (coding, encode) => {
    expect(await text(decodedBody(Readable.from([encode(json)]), coding, 1024))).toBe(json);
  });

  it('passes a body without coding (or identity) through untouched', () => {
    const raw = Readable.from([json]);
    expect(decodedBody(raw, undefined, 1024)).toBe(raw);
    expect(decodedBody(raw, 'identity', 1024)).toBe(raw);
  });

  it('counts the compressed bytes it read, for the Content-Length check', async () => {
    const compressed = gzipSync(json);
    const body = decodedBody(Readable.from([compressed.subarray(0, 10), compressed.subarray(10)]), 'gzip', 1024);
    await text(body);
    expect((body as Readable & { receivedEncodedLength: number }).receivedEncodedLength).toBe(compressed.length);
  });

  it.each(['br', 'compress', 'gzip, gzip', '*'])('refuses the coding %j with 415 and names the header', (coding) => {
    const attempt = () => decodedBody(Readable.from([json]), coding, 1024);
    expect(attempt).toThrow(IngestError);
    expect(attempt).toThrow(/^headers\.content-encoding: expected gzip, deflate or identity, got/);
  });

  it('refuses a decompression bomb as soon as the decoded size passes the limit, before the rest is sent', async () => {
    // 64 MB of zeros compress to about 64 KB: the first 2 KB alone inflate far beyond 100 KB.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const raw = new PassThrough();
    const body = decodedBody(raw, 'gzip', 100 * 1024);
    body.resume();
    raw.write(bomb.subarray(0, 2048));
    const error = await failure(body);
    expect(error.code).toBe('REQUEST_TOO_LARGE');
    expect(error.message).toBe('body: expected at most 102400 bytes once decompressed (gzip)');
    raw.end(bomb.subarray(2048));
  });

  it('refuses a compressed body larger than the limit itself', async () => {
    const noise = gzipSync(randomBytes(4096));
    const error = await failure(decodedBody(Readable.from([noise]), 'gzip', 1024).resume());
    expect(error.code).toBe('REQUEST_TOO_LARGE');
    expect(error.message).toBe('body: expected at most 1024 bytes of gzip-compressed body');
  });

  it('says what is wrong with a body that is not what its coding claims', async () => {
    const error = await failure(decodedBody(Readable.from([Buffer.from(json)]), 'gzip', 1024).resume());
    expect(error.code).toBe('INVALID_JSON');
    expect(error.message).toMatch(/^body: expected a gzip-compressed body \(.+\)$/);
  });
});
