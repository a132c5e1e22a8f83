import { newCustomer, newMessage, post, readAll, startIngest, type IngestUnderTest } from './ingest-harness';

describe('lenient properties: accepted when missing, their absence recorded', () => {
  let ingest: IngestUnderTest;
  beforeAll(async () => {
    ingest = await startIngest();
  });
  afterAll(() => ingest.stop());

  const order = (userId: string, properties: Record<string, unknown>) => ({
    messageId: newMessage(),
    userId,
    event: 'Order Completed',
    properties,
  });

  it('stores an event without its lenient properties and names them in data.missing', async () => {
    const customer = newCustomer();
    const answer = await post(ingest, '/v1/track', order(customer, { order_id: 'o-1', currency: null }));
    expect(answer.status).toBe(200);
    const [event] = await readAll(ingest.client, `customer-${customer}`);
    expect(event).toMatchObject({
      type: 'OrderCompleted',
      data: { properties: { order_id: 'o-1' }, missing: ['total', 'currency', 'products'] },
    });
  });

  it('records nothing missing when everything is there', async () => {
    const customer = newCustomer();
    await post(ingest, '/v1/track', order(customer, { order_id: 'o-1', total: 990, currency: 'EUR', products: [] }));
    const [event] = await readAll(ingest.client, `customer-${customer}`);
    expect(event!.data).not.toHaveProperty('missing');
  });

  it.each([
    ['a lenient property of the wrong type', order('c-1', { order_id: 'o-1', total: '9.90' }), 'body.properties.total'],
    ['a property the tracking plan requires', order('c-1', { total: 990 }), 'body.properties.order_id'],
    [
      'a property the lifecycle reads',
      { messageId: newMessage(), userId: 'c-1', event: 'Feature Used', properties: { feature_key: 'export' } },
      'body.properties.is_core',
    ],
  ])('still refuses %s', async (_what, call, path) => {
    const customer = newCustomer();
    const answer = await post(ingest, '/v1/track', { ...call, userId: customer });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'INVALID_EVENT', problems: [{ path }] });
    expect(await readAll(ingest.client, `customer-${customer}`)).toEqual([]);
  });
});
