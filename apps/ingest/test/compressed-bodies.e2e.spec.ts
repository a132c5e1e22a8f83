import { deflateSync, gzipSync } from 'node:zlib';
import { newCustomer, newMessage, post, readAll, signedIn, startIngest, type IngestUnderTest } from './ingest-harness';

describe('compressed request bodies', () => {
  let ingest: IngestUnderTest;
  beforeAll(async () => {
    ingest = await startIngest({ HEED_MAX_REQUEST_BYTES: '65536' });
  });
  afterAll(() => ingest.stop());

  const compressed = (coding: 'gzip' | 'deflate', body: unknown): Buffer =>
    (coding === 'gzip' ? gzipSync : deflateSync)(JSON.stringify(body));

  /** One valid call per collection endpoint, for a customer. */
  const calls = (customer: string): Array<[string, unknown]> => [
    ['/v1/track', signedIn(customer)],
    ['/v1/identify', { messageId: newMessage(), userId: customer, traits: { plan: 'pro' } }],
    ['/v1/page', { messageId: newMessage(), userId: customer, properties: { url: 'https://example.com/', path: '/' } }],
    ['/v1/screen', { messageId: newMessage(), userId: customer, name: 'Home' }],
    ['/v1/group', { messageId: newMessage(), userId: customer, groupId: 'acme', traits: { plan: 'team' } }],
    ['/v1/alias', { messageId: newMessage(), userId: customer, previousId: `anon-${newMessage()}` }],
    ['/v1/batch', { batch: [{ type: 'track', ...signedIn(customer) }] }],
  ];

  it.each(['gzip', 'deflate'] as const)('reads %s bodies on every collection endpoint', async (coding) => {
    const customer = newCustomer();
    for (const [path, body] of calls(customer)) {
      const answer = await post(ingest, path, compressed(coding, body), { 'content-encoding': coding });
      expect({ path, status: answer.status, body: answer.body }).toMatchObject({ path, status: 200 });
    }
    expect(await readAll(ingest.client, `customer-${customer}`)).toHaveLength(calls(customer).length);
  });

  it('reads gzip JSON labelled application/x-www-form-urlencoded, as RudderStack’s Node SDK sends it', async () => {
    const customer = newCustomer();
    const answer = await post(
      ingest,
      '/v1/batch',
      compressed('gzip', { batch: [{ type: 'track', ...signedIn(customer) }] }),
      {
        'content-encoding': 'gzip',
        'content-type': 'application/x-www-form-urlencoded',
      },
    );
    expect(answer.status).toBe(200);
    expect(await readAll(ingest.client, `customer-${customer}`)).toHaveLength(1);
  });

  it('applies the size limit to the decompressed body', async () => {
    const customer = newCustomer();
    // 400 calls: about 100 KB of JSON, under 8 KB compressed; the limit is 64 KB.
    const batch = Array.from({ length: 400 }, () => ({ type: 'track', ...signedIn(customer) }));
    const body = compressed('gzip', { batch });
    expect(body.length).toBeLessThan(65536 / 4);
    const answer = await post(ingest, '/v1/batch', body, { 'content-encoding': 'gzip' });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ code: 'REQUEST_TOO_LARGE', problems: [{ path: 'body' }] });
    expect(await readAll(ingest.client, `customer-${customer}`)).toEqual([]);
  });

  it('refuses a decompression bomb with 413 and keeps serving', async () => {
    // 32 MB of the same byte compress to about 32 KB, under the limit; their first 100 bytes
    // inflate past it, and that is where decoding stops (see decoded-body.spec.ts).
    const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(65536);
    const answer = await post(ingest, '/v1/batch', bomb, { 'content-encoding': 'gzip' });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({
      code: 'REQUEST_TOO_LARGE',
      message: 'body: expected at most 65536 bytes once decompressed (gzip)',
    });
    expect((await post(ingest, '/v1/track', signedIn(newCustomer()))).status).toBe(200);
  });

  it('answers 415 to an unknown encoding, naming the header', async () => {
    const answer = await post(ingest, '/v1/track', JSON.stringify(signedIn(newCustomer())), {
      'content-encoding': 'br',
    });
    expect(answer.status).toBe(415);
    expect(answer.body).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      problems: [{ path: 'headers.content-encoding', message: 'expected gzip, deflate or identity, got "br"' }],
    });
  });

  it('answers 400 to a body that is not what its encoding says', async () => {
    const answer = await post(ingest, '/v1/track', JSON.stringify(signedIn(newCustomer())), {
      'content-encoding': 'gzip',
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'INVALID_JSON', problems: [{ path: 'body' }] });
  });

  it('checks a decompressed body for hostile JSON as strictly as a plain one', async () => {
    const customer = newCustomer();
    const hostile = `{"messageId":"m","userId":"${customer}","event":"Signed In","properties":{"__proto__":{"x":1}}}`;
    const answer = await post(ingest, '/v1/track', gzipSync(hostile), { 'content-encoding': 'gzip' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'INVALID_JSON', problems: [{ path: 'body.properties.__proto__' }] });
  });
});
