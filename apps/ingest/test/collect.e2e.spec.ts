import { newCustomer, newMessage, post, readAll, signedIn, startIngest, type IngestUnderTest } from './ingest-harness';

describe('ingest collection API', () => {
  let ingest: IngestUnderTest;
  beforeAll(async () => {
    ingest = await startIngest();
  });
  afterAll(() => ingest.stop());

  describe('track', () => {
    it('appends a catalog event to the customer stream with its metadata', async () => {
      const customer = newCustomer();
      const call = signedIn(customer, newMessage(), {
        sentAt: '2026-03-01T12:00:01.000Z',
        context: { ip: '1.2.3.4', locale: 'fr' },
      });
      const answer = await post(ingest, '/v1/track', call);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ success: true, status: 'accepted', messageId: call.messageId });
      const [event, ...more] = await readAll(ingest.client, `customer-${customer}`);
      expect(more).toEqual([]);
      expect(event).toMatchObject({
        id: answer.body['eventId'],
        type: 'SignedIn',
        data: { customerId: customer, version: 1, properties: { username: 'ada' }, context: { locale: 'fr' } },
        metadata: { messageId: call.messageId, sentAt: '2026-03-01T12:00:01.000Z' },
      });
      expect(event!.metadata['writeKeyId']).toMatch(/^wk_[0-9a-f]{16}$/);
      expect(event!.data).not.toHaveProperty('context.ip');
      expect(JSON.stringify(event)).not.toContain('test-write-key');
      expect(typeof event!.metadata['catalogVersion']).toBe('string');
      expect(event!.metadata['$correlationId']).toEqual(expect.any(String));
      // sentAt one second after timestamp, received now: the event happened a second ago.
      expect(Date.now() - Date.parse(event!.data['occurredAt'] as string)).toBeGreaterThanOrEqual(1000);
    });

    it('accepts a bearer token', async () => {
      const customer = newCustomer();
      const answer = await post(ingest, '/v1/track', signedIn(customer), {
        authorization: 'Bearer other-key-0123456789',
      });
      expect(answer.status).toBe(200);
    });

    it('answers duplicate to a retry and stores the event once', async () => {
      const customer = newCustomer();
      const call = signedIn(customer);
      const first = await post(ingest, '/v1/track', call);
      const retry = await post(ingest, '/v1/track', { ...call, sentAt: '2026-03-01T12:00:05.000Z' });
      expect(first.body['status']).toBe('accepted');
      expect(retry.status).toBe(200);
      expect(retry.body).toMatchObject({ status: 'duplicate', eventId: first.body['eventId'] });
      expect(await readAll(ingest.client, `customer-${customer}`)).toHaveLength(1);
    });

    it('answers 409 to the same messageId with another payload, and stores nothing more', async () => {
      const customer = newCustomer();
      const call = signedIn(customer);
      await post(ingest, '/v1/track', call);
      const reused = await post(ingest, '/v1/track', { ...call, properties: { username: 'eve' } });
      expect(reused.status).toBe(409);
      expect(reused.body).toMatchObject({ code: 'MESSAGE_ID_CONFLICT', problems: [{ path: 'body.messageId' }] });
      const stored = await readAll(ingest.client, `customer-${customer}`);
      expect(stored.map((e) => e.data['properties'])).toEqual([{ username: 'ada' }]);
    });
  });

  describe('page and identify', () => {
    it('stores a page call as the PageViewed signal', async () => {
      const customer = newCustomer();
      const answer = await post(ingest, '/v1/page', {
        messageId: newMessage(),
        userId: customer,
        name: 'Pricing',
        properties: { url: 'https://example.com/pricing#cancel', path: '/pricing', title: 'Pricing' },
      });
      expect(answer.status).toBe(200);
      const [event] = await readAll(ingest.client, `customer-${customer}`);
      expect(event).toMatchObject({ type: 'PageViewed', data: { properties: { path: '/pricing', name: 'Pricing' } } });
    });

    it('stores an identify call with its traits', async () => {
      const customer = newCustomer();
      const answer = await post(ingest, '/v1/identify', {
        messageId: newMessage(),
        userId: customer,
        traits: { plan: 'pro' },
      });
      expect(answer.status).toBe(200);
      const [event] = await readAll(ingest.client, `customer-${customer}`);
      expect(event).toMatchObject({
        type: 'CustomerIdentified',
        data: { customerId: customer, traits: { plan: 'pro' } },
      });
    });
  });

  describe('batch', () => {
    it('stores every call and reports each, in order', async () => {
      const [a, b] = [newCustomer(), newCustomer()];
      const calls = [signedIn(a), signedIn(b), { ...signedIn(a), event: 'Signed Out' }];
      const answer = await post(ingest, '/v1/batch', { batch: calls.map((c) => ({ type: 'track', ...c })) });
      expect(answer.status).toBe(200);
      expect((answer.body['results'] as Array<{ status: string }>).map((r) => r.status)).toEqual([
        'accepted',
        'accepted',
        'accepted',
      ]);
      expect((await readAll(ingest.client, `customer-${a}`)).map((e) => e.type)).toEqual(['SignedIn', 'SignedOut']);
      expect(await readAll(ingest.client, `customer-${b}`)).toHaveLength(1);
    });

    it('stores the valid calls, rejects the others with their path, and dedupes a re-batched retry', async () => {
      const customer = newCustomer();
      const good = { type: 'track', ...signedIn(customer) };
      const bad = { type: 'track', ...signedIn(customer), event: 'Not In Catalog' };
      const answer = await post(ingest, '/v1/batch', { batch: [good, bad] });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'UNKNOWN_EVENT_TYPE', problems: [{ path: 'body.batch[1].event' }] });
      expect(answer.body['results']).toMatchObject([{ status: 'accepted' }, { status: 'rejected' }]);
      const fresh = { type: 'track', ...signedIn(customer) };
      const retry = await post(ingest, '/v1/batch', { batch: [fresh, good] });
      expect(retry.body['results']).toMatchObject([{ status: 'accepted' }, { status: 'duplicate' }]);
      expect(await readAll(ingest.client, `customer-${customer}`)).toHaveLength(2);
    });

    it('answers duplicate to the same message twice in one batch', async () => {
      const customer = newCustomer();
      const call = { type: 'track', ...signedIn(customer) };
      const answer = await post(ingest, '/v1/batch', { batch: [call, call] });
      expect(answer.body['results']).toMatchObject([{ status: 'accepted' }, { status: 'duplicate' }]);
      expect(await readAll(ingest.client, `customer-${customer}`)).toHaveLength(1);
    });

    it('stores the new calls of a customer beside its duplicates and conflicts, in order', async () => {
      const customer = newCustomer();
      const [old, reused] = [signedIn(customer), signedIn(customer)];
      await post(ingest, '/v1/batch', { batch: [old, reused].map((c) => ({ type: 'track', ...c })) });
      const [a, b, c] = [signedIn(customer), signedIn(customer), signedIn(customer)];
      const calls = [a, b, old, { ...reused, properties: { username: 'grace' } }, c];
      const answer = await post(ingest, '/v1/batch', { batch: calls.map((call) => ({ type: 'track', ...call })) });
      expect(answer.status).toBe(409);
      expect(answer.body['results']).toMatchObject([
        { status: 'accepted' },
        { status: 'accepted' },
        { status: 'duplicate' },
        { status: 'rejected', code: 'MESSAGE_ID_CONFLICT' },
        { status: 'accepted' },
      ]);
      const stored = await readAll(ingest.client, `customer-${customer}`);
      expect(stored.map((e) => e.metadata['messageId'])).toEqual([old, reused, a, b, c].map((m) => m.messageId));
      expect(stored[1]!.data['properties']).toEqual({ username: 'ada' });
    });

    it('answers duplicate to every call of a retried batch and stores nothing twice', async () => {
      const customer = newCustomer();
      const batch = [signedIn(customer), signedIn(customer), signedIn(customer)].map((c) => ({ type: 'track', ...c }));
      await post(ingest, '/v1/batch', { batch });
      const retry = await post(ingest, '/v1/batch', { batch, sentAt: '2026-03-01T12:00:05.000Z' });
      expect(retry.status).toBe(200);
      expect((retry.body['results'] as Array<{ status: string }>).map((r) => r.status)).toEqual([
        'duplicate',
        'duplicate',
        'duplicate',
      ]);
      expect(await readAll(ingest.client, `customer-${customer}`)).toHaveLength(3);
    });

    it('stores once a call that a concurrent retry re-batches behind a new one', async () => {
      const customer = newCustomer();
      const [x, y, z] = [signedIn(customer), signedIn(customer), signedIn(customer)];
      const [first, retry] = await Promise.all([
        post(ingest, '/v1/batch', { batch: [x, y].map((c) => ({ type: 'track', ...c })) }),
        post(ingest, '/v1/batch', { batch: [z, x, y].map((c) => ({ type: 'track', ...c })) }),
      ]);
      expect([first.status, retry.status]).toEqual([200, 200]);
      const stored = await readAll(ingest.client, `customer-${customer}`);
      expect(stored.map((e) => e.metadata['messageId']).sort()).toEqual([x, y, z].map((m) => m.messageId).sort());
      // Each of x and y is accepted by exactly one of the two requests.
      const statuses = (answer: typeof first, i: number) =>
        (answer.body['results'] as Array<{ status: string }>)[i]!.status;
      expect([statuses(first, 0), statuses(retry, 1)].sort()).toEqual(['accepted', 'duplicate']);
      expect([statuses(first, 1), statuses(retry, 2)].sort()).toEqual(['accepted', 'duplicate']);
    });
  });

  describe('identity', () => {
    it('gives a visitor anonymous events to the customer once identified, and later ones directly', async () => {
      const customer = newCustomer();
      const visitor = `anon-${newMessage()}`;
      const page = (path: string) => ({
        messageId: newMessage(),
        anonymousId: visitor,
        properties: { url: `https://example.com${path}`, path },
      });
      expect((await post(ingest, '/v1/page', page('/a'))).status).toBe(200);
      expect((await post(ingest, '/v1/page', page('/b'))).status).toBe(200);
      expect(await readAll(ingest.client, `customer-${customer}`)).toEqual([]);

      const identify = { messageId: newMessage(), userId: customer, anonymousId: visitor };
      expect((await post(ingest, '/v1/identify', identify)).status).toBe(200);
      expect((await post(ingest, '/v1/identify', { ...identify, messageId: newMessage() })).status).toBe(200);
      expect((await post(ingest, '/v1/page', page('/c'))).status).toBe(200);

      const stored = await readAll(ingest.client, `customer-${customer}`);
      const pages = stored.filter((e) => e.type === 'PageViewed');
      expect(pages.map((e) => (e.data['properties'] as { path: string }).path)).toEqual(['/a', '/b', '/c']);
      expect(pages.every((e) => e.data['customerId'] === customer)).toBe(true);
      expect(pages[0]!.metadata['copiedFrom']).toBe(`anonymous-${visitor}`);
      expect(stored.filter((e) => e.type === 'CustomerIdentified')).toHaveLength(2);
    });
  });

  it('answers a browser’s preflight and lets any origin read its answers (CORS)', async () => {
    const preflight = await fetch(`${ingest.url}/v1/t`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const answer = await post(ingest, '/v1/track', signedIn(newCustomer()), { origin: 'https://shop.example.com' });
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    const refused = await post(ingest, '/v1/track', {}, { authorization: '' });
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('serves its OpenAPI document', async () => {
    const response = await fetch(`${ingest.url}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/v1/track', '/v1/identify', '/v1/page', '/v1/batch']),
    );
  });
});
