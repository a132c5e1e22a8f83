import { newCustomer, newMessage, post, readAll, signedIn, startIngest, type IngestUnderTest } from './ingest-harness';

const OLD_WEB_KEY = 'web-key-before-rotation-0123';
const NEW_WEB_KEY = 'web-key-after-rotation-01234';
const APP_KEY = 'app-key-of-another-source-01';
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('ingest message ids: generated when missing, deduplicated per source', () => {
  let ingest: IngestUnderTest;
  beforeAll(async () => {
    ingest = await startIngest({
      HEED_WRITE_KEYS: `web:${OLD_WEB_KEY}, web:${NEW_WEB_KEY}, app:${APP_KEY}, bare-key-one-0123456789, bare-key-two-0123456789`,
    });
  });
  afterAll(() => ingest.stop());

  it('accepts a track without messageId, generating one that the answer and the stored event carry', async () => {
    const customer = newCustomer();
    const { messageId: _none, ...call } = signedIn(customer);
    const answer = await post(ingest, '/v1/track', call, bearer(APP_KEY));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ success: true, status: 'accepted' });
    expect(answer.body['messageId']).toMatch(/^ingest-[0-9a-f-]{36}$/);
    const [event, ...more] = await readAll(ingest.client, `customer-${customer}`);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      id: answer.body['eventId'],
      type: 'SignedIn',
      metadata: { messageId: answer.body['messageId'], messageIdGenerated: true },
    });
  });

  it('stores a call without messageId sent twice twice: nothing tells a retry from a new call', async () => {
    const customer = newCustomer();
    const { messageId: _none, ...call } = signedIn(customer);
    const first = await post(ingest, '/v1/track', call, bearer(APP_KEY));
    const again = await post(ingest, '/v1/track', call, bearer(APP_KEY));
    expect([first.body['status'], again.body['status']]).toEqual(['accepted', 'accepted']);
    expect(again.body['messageId']).not.toBe(first.body['messageId']);
    expect(await readAll(ingest.client, `customer-${customer}`)).toHaveLength(2);
  });

  it('gives each item of a batch without messageId its own', async () => {
    const customer = newCustomer();
    const answer = await post(
      ingest,
      '/v1/batch',
      {
        batch: [
          { type: 'identify', userId: customer, traits: { plan: 'pro' } },
          { type: 'track', userId: customer, event: 'Signed In', properties: { username: 'ada' } },
        ],
      },
      bearer(APP_KEY),
    );
    expect(answer.status).toBe(200);
    const results = answer.body['results'] as Array<{ status: string; messageId: string }>;
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    expect(new Set(results.map((r) => r.messageId)).size).toBe(2);
    const stored = await readAll(ingest.client, `customer-${customer}`);
    expect(stored.map((e) => e.metadata['messageId']).sort()).toEqual(results.map((r) => r.messageId).sort());
  });

  it('answers duplicate to a message retried under the rotated key of the same source, and stores it once', async () => {
    const customer = newCustomer();
    const call = signedIn(customer);
    const first = await post(ingest, '/v1/track', call, bearer(OLD_WEB_KEY));
    const retry = await post(ingest, '/v1/track', call, bearer(NEW_WEB_KEY));
    expect(first.body['status']).toBe('accepted');
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ status: 'duplicate', eventId: first.body['eventId'] });
    const stored = await readAll(ingest.client, `customer-${customer}`);
    expect(stored).toHaveLength(1);
  });

  it('answers 409 to a messageId reused with another payload under the other key of the source', async () => {
    const customer = newCustomer();
    const call = signedIn(customer);
    await post(ingest, '/v1/track', call, bearer(OLD_WEB_KEY));
    const reused = await post(ingest, '/v1/track', { ...call, properties: { username: 'eve' } }, bearer(NEW_WEB_KEY));
    expect(reused.status).toBe(409);
    expect(reused.body).toMatchObject({ code: 'MESSAGE_ID_CONFLICT', problems: [{ path: 'body.messageId' }] });
    expect(await readAll(ingest.client, `customer-${customer}`)).toHaveLength(1);
  });

  it('keeps sources apart: the same messageId from another source is another message', async () => {
    const customer = newCustomer();
    const messageId = newMessage();
    const web = await post(ingest, '/v1/track', signedIn(customer, messageId), bearer(OLD_WEB_KEY));
    const app = await post(ingest, '/v1/track', signedIn(customer, messageId), bearer(APP_KEY));
    const bareOne = await post(ingest, '/v1/track', signedIn(customer, messageId), bearer('bare-key-one-0123456789'));
    const bareTwo = await post(ingest, '/v1/track', signedIn(customer, messageId), bearer('bare-key-two-0123456789'));
    expect([web, app, bareOne, bareTwo].map((a) => a.body['status'])).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'accepted',
    ]);
    const stored = await readAll(ingest.client, `customer-${customer}`);
    expect(new Set(stored.map((e) => e.id)).size).toBe(4);
    // Which key sent it is still recorded, by its id.
    expect(new Set(stored.map((e) => e.metadata['writeKeyId'])).size).toBe(4);
  });
});
