import { newCustomer, newMessage, post, readAll, signedIn, startIngest, type IngestUnderTest } from './ingest-harness';

describe('every Segment call type', () => {
  let ingest: IngestUnderTest;
  beforeAll(async () => {
    ingest = await startIngest();
  });
  afterAll(() => ingest.stop());

  const screen = (who: Record<string, string>) => ({
    messageId: newMessage(),
    ...who,
    name: 'Settings',
    category: 'Account',
    properties: { tab: 'billing' },
  });
  const group = (userId: string, traits: Record<string, unknown> = { name: 'Acme', plan: 'team' }) => ({
    messageId: newMessage(),
    userId,
    groupId: 'acme',
    traits,
  });
  const alias = (userId: string, previousId: string) => ({ messageId: newMessage(), userId, previousId });

  it('stores a screen call as the ScreenViewed signal', async () => {
    const customer = newCustomer();
    expect((await post(ingest, '/v1/screen', screen({ userId: customer }))).status).toBe(200);
    const [event] = await readAll(ingest.client, `customer-${customer}`);
    expect(event).toMatchObject({
      type: 'ScreenViewed',
      data: { customerId: customer, version: 1, properties: { name: 'Settings', category: 'Account' } },
    });
  });

  it('stores a group call as the GroupIdentified signal with the group traits', async () => {
    const customer = newCustomer();
    const traits = { name: 'Acme', plan: 'team', employees: 120, address: { city: 'Lyon' } };
    expect((await post(ingest, '/v1/group', group(customer, traits))).status).toBe(200);
    const [event] = await readAll(ingest.client, `customer-${customer}`);
    expect(event).toMatchObject({ type: 'GroupIdentified', data: { properties: { group_id: 'acme', traits } } });
  });

  it('links a previous id with an alias call: earlier events become the customer’s, later ones go there', async () => {
    const customer = newCustomer();
    const device = `anon-${newMessage()}`;
    expect((await post(ingest, '/v1/screen', screen({ anonymousId: device }))).status).toBe(200);
    expect(await readAll(ingest.client, `customer-${customer}`)).toEqual([]);

    const answer = await post(ingest, '/v1/alias', alias(customer, device));
    expect(answer.status).toBe(200);
    expect((await post(ingest, '/v1/screen', screen({ anonymousId: device }))).status).toBe(200);

    const stored = await readAll(ingest.client, `customer-${customer}`);
    expect(stored.map((e) => e.type)).toEqual(['CustomerAliased', 'ScreenViewed', 'ScreenViewed']);
    expect(stored[0]).toMatchObject({ data: { customerId: customer, previousId: device, version: 1 } });
    expect(stored[1]!.metadata['copiedFrom']).toBe(`anonymous-${device}`);
    expect(stored.slice(1).every((e) => e.data['customerId'] === customer)).toBe(true);
    expect(await readAll(ingest.client, `alias-${device}`)).toMatchObject([
      { type: 'AnonymousIdLinked', data: { anonymousId: device, customerId: customer } },
    ]);
  });

  it('takes every call type in a batch and stores each once, a retry answered duplicate', async () => {
    const customer = newCustomer();
    const batch = [
      { type: 'track', ...signedIn(customer) },
      { type: 'identify', messageId: newMessage(), userId: customer, traits: { plan: 'pro' } },
      { type: 'page', messageId: newMessage(), userId: customer, properties: { url: 'https://x.io/', path: '/' } },
      { type: 'screen', ...screen({ userId: customer }) },
      { type: 'group', ...group(customer) },
      { type: 'alias', ...alias(customer, `anon-${newMessage()}`) },
    ];
    const answer = await post(ingest, '/v1/batch', { batch });
    expect(answer.status).toBe(200);
    const retry = await post(ingest, '/v1/batch', { batch, sentAt: new Date().toISOString() });
    expect((retry.body['results'] as Array<{ status: string }>).map((r) => r.status)).toEqual(
      batch.map(() => 'duplicate'),
    );
    expect((await readAll(ingest.client, `customer-${customer}`)).map((e) => e.type)).toEqual([
      'SignedIn',
      'CustomerIdentified',
      'PageViewed',
      'ScreenViewed',
      'GroupIdentified',
      'CustomerAliased',
    ]);
  });

  it.each([
    ['/v1/t', (c: string) => signedIn(c), 'SignedIn'],
    ['/v1/i', (c: string) => ({ messageId: newMessage(), userId: c }), 'CustomerIdentified'],
    [
      '/v1/p',
      (c: string) => ({ messageId: newMessage(), userId: c, properties: { url: 'https://x.io/a', path: '/a' } }),
    ],
    ['/v1/s', (c: string) => screen({ userId: c }), 'ScreenViewed'],
    ['/v1/g', (c: string) => group(c), 'GroupIdentified'],
    ['/v1/a', (c: string) => alias(c, `anon-${newMessage()}`), 'CustomerAliased'],
    ['/v1/b', (c: string) => ({ batch: [{ type: 'track', ...signedIn(c) }] }), 'SignedIn'],
  ])('answers at Segment’s short path %s', async (path, call, type = 'PageViewed') => {
    const customer = newCustomer();
    expect((await post(ingest, path, call(customer))).status).toBe(200);
    expect((await readAll(ingest.client, `customer-${customer}`)).map((e) => e.type)).toEqual([type]);
  });

  it('answers 404 beside the short paths', async () => {
    const answer = await post(ingest, '/v1/x', signedIn(newCustomer()));
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses an unknown call type in a batch with 400, naming every known one, and stores the rest', async () => {
    const customer = newCustomer();
    const answer = await post(ingest, '/v1/batch', {
      batch: [
        { type: 'track', ...signedIn(customer) },
        { type: 'merge', ...signedIn(customer) },
      ],
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: 'UNSUPPORTED_CALL_TYPE',
      problems: [
        {
          path: 'body.batch[1].type',
          message: 'expected one of "track", "identify", "page", "screen", "group", "alias", got "merge"',
        },
      ],
    });
    expect(await readAll(ingest.client, `customer-${customer}`)).toHaveLength(1);
  });

  it('documents every endpoint in its OpenAPI document, without the short paths', async () => {
    const document = (await (await fetch(`${ingest.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    const paths = Object.keys(document.paths).filter((p) => p.startsWith('/v1/') && p !== '/v1/catalog');
    expect(paths.sort()).toEqual(
      ['/v1/alias', '/v1/batch', '/v1/group', '/v1/identify', '/v1/page', '/v1/screen', '/v1/track'].sort(),
    );
  });
});
