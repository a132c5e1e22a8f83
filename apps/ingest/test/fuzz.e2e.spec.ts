import fc from 'fast-check';
import { deflateSync, gzipSync } from 'node:zlib';
import { newCustomer, post, readAll, signedIn, startIngest, type IngestUnderTest } from './ingest-harness';

/** Strings a hostile producer would send: NUL, lone surrogates, `$` names, prototype keys, huge. */
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('\u0000', '\ud800', '\udfff', '$all', '$$meta', '__proto__', 'constructor', '', ' ', '../x', 'a/b'),
  fc.string({ minLength: 100, maxLength: 200 }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  hostileString,
  fc.constantFrom(null, true, 0, -1, 1e308, [], {}, { __proto__: { polluted: true } }),
  fc.dictionary(hostileString, fc.jsonValue(), { maxKeys: 5 }),
);
const fields = [
  'messageId',
  'userId',
  'anonymousId',
  'event',
  'properties',
  'traits',
  'timestamp',
  'sentAt',
  'context',
  'name',
  'type',
  'groupId',
  'previousId',
  'category',
];

/** A valid call for a fresh customer with some fields replaced or removed. */
const mutatedCall = fc
  .tuple(fc.array(fc.tuple(fc.constantFrom(...fields), fc.option(hostileValue)), { maxLength: 4 }), fc.boolean())
  .map(([mutations, typed]) => {
    const customerId = newCustomer();
    const call: Record<string, unknown> = { ...signedIn(customerId), ...(typed && { type: 'track' }) };
    for (const [field, value] of mutations) {
      if (value === null) delete call[field];
      else call[field] = value;
    }
    return { customerId, call };
  });

describe('ingest under hostile payloads', () => {
  let ingest: IngestUnderTest;
  beforeAll(async () => {
    ingest = await startIngest();
  });
  afterAll(() => ingest.stop());

  const allowed = [200, 400, 401, 409, 413, 415];

  it.each(['/v1/track', '/v1/identify', '/v1/page', '/v1/screen', '/v1/group', '/v1/alias'])(
    '%s never fails with a 5xx and never stores what it rejects',
    async (path) => {
      await fc.assert(
        fc.asyncProperty(mutatedCall, async ({ customerId, call }) => {
          const answer = await post(ingest, path, call);
          expect(allowed).toContain(answer.status);
          expect(answer.body['success']).toBe(answer.status === 200);
          if (answer.status !== 200 && call['userId'] === customerId) {
            expect(answer.body['code']).toEqual(expect.any(String));
            expect(await readAll(ingest.client, `customer-${customerId}`)).toEqual([]);
          }
        }),
        { numRuns: 120 },
      );
    },
  );

  it('/v1/batch stores exactly the calls it reports as accepted', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutatedCall, { minLength: 1, maxLength: 5 }), async (items) => {
        const answer = await post(ingest, '/v1/batch', { batch: items.map((i) => i.call) });
        expect(allowed).toContain(answer.status);
        const results = (answer.body['results'] ?? []) as Array<{ status: string }>;
        for (const [i, { customerId, call }] of items.entries()) {
          if (call['userId'] !== customerId) continue;
          const stored = await readAll(ingest.client, `customer-${customerId}`);
          expect(stored).toHaveLength(results[i]?.status === 'accepted' ? 1 : 0);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('survives arbitrary bodies and content types on every endpoint', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/track', '/v1/identify', '/v1/page', '/v1/screen', '/v1/group', '/v1/alias', '/v1/batch'),
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8', 'text/html'),
        async (path, body, contentType) => {
          const answer = await post(ingest, path, body, { 'content-type': contentType });
          expect(allowed).toContain(answer.status);
        },
      ),
      { numRuns: 80 },
    );
    // Still serving after all of it.
    expect((await post(ingest, '/v1/track', signedIn(newCustomer()))).status).toBe(200);
  });

  it('survives arbitrary compressed (or falsely labelled) bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 2048 }),
          fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v))),
        ),
        fc.constantFrom('gzip', 'deflate'),
        fc.boolean(),
        async (bytes, coding, compressed) => {
          const body = compressed ? (coding === 'gzip' ? gzipSync : deflateSync)(bytes) : Buffer.from(bytes);
          const answer = await post(ingest, '/v1/batch', body, { 'content-encoding': coding });
          expect(allowed).toContain(answer.status);
          expect(answer.body['success']).toBe(answer.status === 200);
        },
      ),
      { numRuns: 100 },
    );
    expect((await post(ingest, '/v1/track', signedIn(newCustomer()))).status).toBe(200);
  });
});
