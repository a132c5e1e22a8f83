import { newCustomer, newMessage, post, readAll, signedIn, startIngest, type IngestUnderTest } from './ingest-harness';

describe('ingest rejections: a clear error, and nothing written', () => {
  let ingest: IngestUnderTest;
  beforeAll(async () => {
    ingest = await startIngest({ HEED_MAX_FUTURE_MS: '60000' });
  });
  afterAll(() => ingest.stop());

  const customer = newCustomer();
  const cases: Array<[string, string, unknown, Record<string, string>, number, string, string | undefined]> = [
    [
      'no write key',
      '/v1/track',
      signedIn(customer),
      { authorization: '' },
      401,
      'MISSING_WRITE_KEY',
      'headers.authorization',
    ],
    [
      'an unknown write key',
      '/v1/track',
      signedIn(customer),
      { authorization: 'Bearer nope-nope-nope-nope' },
      401,
      'INVALID_WRITE_KEY',
      'headers.authorization',
    ],
    ['a body that is not JSON', '/v1/track', '{"userId":', {}, 400, 'INVALID_JSON', 'body'],
    [
      'a content type other than JSON',
      '/v1/track',
      'userId=x',
      { 'content-type': 'application/x-www-form-urlencoded' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      undefined,
    ],
    [
      'a request over 500 KB',
      '/v1/track',
      { ...signedIn(customer), properties: { username: 'x'.repeat(600_000) } },
      {},
      413,
      'REQUEST_TOO_LARGE',
      undefined,
    ],
    [
      'an event over 32 KB',
      '/v1/track',
      { ...signedIn(customer), context: { page: { title: 'x'.repeat(40_000) } } },
      {},
      413,
      'EVENT_TOO_LARGE',
      'body',
    ],
    [
      'JSON nested deeper than 32',
      '/v1/track',
      { ...signedIn(customer), context: JSON.parse('{"a":'.repeat(40) + '1' + '}'.repeat(40)) as unknown },
      {},
      400,
      'INVALID_JSON',
      undefined,
    ],
    [
      'a NUL in a string',
      '/v1/track',
      { ...signedIn(customer), properties: { username: 'a\u0000b' } },
      {},
      400,
      'INVALID_JSON',
      'body.properties.username',
    ],
    [
      'a lone surrogate',
      '/v1/track',
      `{"messageId":"m","userId":"${customer}","event":"Signed In","properties":{"username":"\\ud800"}}`,
      {},
      400,
      'INVALID_JSON',
      'body.properties.username',
    ],
    [
      'a __proto__ key',
      '/v1/track',
      `{"messageId":"m","userId":"${customer}","event":"Signed In","properties":{"__proto__":{"x":1}}}`,
      {},
      400,
      'INVALID_JSON',
      'body.properties.__proto__',
    ],
    ['an unsafe customer id', '/v1/track', signedIn(`${customer}/x`), {}, 400, 'INVALID_EVENT', 'body.userId'],
    ['a customer id longer than 128', '/v1/track', signedIn('c'.repeat(129)), {}, 400, 'INVALID_EVENT', 'body.userId'],
    [
      'a reserved event name',
      '/v1/track',
      { ...signedIn(customer), event: '$stats' },
      {},
      400,
      'INVALID_EVENT',
      'body.event',
    ],
    [
      'an unknown event name',
      '/v1/track',
      { ...signedIn(customer), event: 'Rocket Launched' },
      {},
      400,
      'UNKNOWN_EVENT_TYPE',
      'body.event',
    ],
    [
      'properties against the catalog',
      '/v1/track',
      { ...signedIn(customer), properties: { username: 42 } },
      {},
      400,
      'INVALID_EVENT',
      'body.properties.username',
    ],
    [
      'a non ISO-8601 timestamp',
      '/v1/track',
      { ...signedIn(customer), timestamp: '03/01/2026' },
      {},
      400,
      'INVALID_EVENT',
      'body.timestamp',
    ],
    [
      'a timestamp in the future',
      '/v1/track',
      { ...signedIn(customer), timestamp: '2999-01-01T00:00:00Z' },
      {},
      400,
      'TIMESTAMP_IN_FUTURE',
      'body.timestamp',
    ],
    [
      'an empty messageId',
      '/v1/identify',
      { messageId: '', userId: customer },
      {},
      400,
      'INVALID_EVENT',
      'body.messageId',
    ],
    [
      'a page without url',
      '/v1/page',
      { messageId: newMessage(), userId: customer, properties: { path: '/x' } },
      {},
      400,
      'INVALID_EVENT',
      'body.properties.url',
    ],
    ['a batch that is not a list', '/v1/batch', { batch: {} }, {}, 400, 'INVALID_EVENT', 'body.batch'],
    [
      'a batch over 2,500 calls',
      '/v1/batch',
      { batch: Array.from({ length: 2501 }, () => ({})) },
      {},
      413,
      'BATCH_TOO_LARGE',
      'body.batch',
    ],
    [
      'an unsupported call type in a batch',
      '/v1/batch',
      { batch: [{ ...signedIn(customer), type: 'merge' }] },
      {},
      400,
      'UNSUPPORTED_CALL_TYPE',
      'body.batch[0].type',
    ],
  ];

  it.each(cases)('rejects %s', async (_what, path, body, headers, status, code, at) => {
    const answer = await post(ingest, path, body, headers);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ success: false, code });
    expect(answer.body['message']).toEqual(expect.any(String));
    if (at !== undefined) {
      expect(answer.body['problems']).toEqual(expect.arrayContaining([expect.objectContaining({ path: at })]));
      const problems = answer.body['problems'] as Array<{ message: string }>;
      expect(problems.every((p) => p.message.includes('expected'))).toBe(true);
    }
  });

  it('wrote none of the rejected events', async () => {
    expect(await readAll(ingest.client, `customer-${customer}`)).toEqual([]);
  });

  it('accepts unplanned events when the policy says so, flagged with their original name', async () => {
    const lenient = await startIngest({ HEED_UNKNOWN_EVENTS: 'accept' });
    try {
      const someone = newCustomer();
      const answer = await post(lenient, '/v1/track', {
        ...signedIn(someone),
        event: 'Rocket Launched',
        properties: { to: 'moon' },
      });
      expect(answer.status).toBe(200);
      const [event] = await readAll(lenient.client, `customer-${someone}`);
      expect(event).toMatchObject({
        type: 'UnplannedEvent',
        data: { event: 'Rocket Launched', properties: { to: 'moon' } },
        metadata: { unplanned: true },
      });
    } finally {
      await lenient.stop();
    }
  });

  it('answers 429 with Retry-After beyond the in-flight limit', async () => {
    const tight = await startIngest({ HEED_INGEST_MAX_IN_FLIGHT: '1' });
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => post(tight, '/v1/track', signedIn(newCustomer()))),
      );
      const refused = answers.filter((a) => a.status === 429);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused[0]!.headers.get('retry-after')).toBe('1');
      expect(refused[0]!.body).toMatchObject({ code: 'OVERLOADED' });
      expect(answers.every((a) => a.status === 200 || a.status === 429)).toBe(true);
    } finally {
      await tight.stop();
    }
  });
});
