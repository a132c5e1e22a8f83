import { jsonEvent, NO_STREAM } from '@eventstore/db-client';
import { aliasStream, ANONYMOUS_ID_LINKED_TYPE } from '@heed/event-store';
import { newCustomer } from './engine-harness';
import { useQueryApi } from './query-client';

// GET /v1/customers?anonymousId=…: the link ingest writes when an identify call joins the two ids.
describe('engine: finding a customer by an anonymous id over HTTP', () => {
  const api = useQueryApi();

  /** Links two ids as ingest's identify does (docs/identity.md): the first link wins. */
  const link = (anonymousId: string, customerId: string) =>
    api.h.client.appendToStream(
      aliasStream(anonymousId),
      jsonEvent({ type: ANONYMOUS_ID_LINKED_TYPE, data: { anonymousId, customerId } }),
      { expectedRevision: NO_STREAM },
    );

  it('finds the customer an identify call linked the anonymous id to', async () => {
    const anonymousId = newCustomer('device');
    const customerId = newCustomer('linked');
    await link(anonymousId, customerId);
    expect(await api.get('/v1/customers', { anonymousId })).toEqual({ status: 200, body: { customerId } });
  });

  it('answers 404 for an anonymous id never linked', async () => {
    expect(await api.get('/v1/customers', { anonymousId: newCustomer('stranger') })).toMatchObject({
      status: 404,
      body: { statusCode: 404, code: 'UNKNOWN_ANONYMOUS_ID' },
    });
  });

  it('answers 400 naming anonymousId when it is missing or malformed, 401 without a key', async () => {
    for (const anonymousId of [undefined, '', ' spaced', 'x'.repeat(129)]) {
      expect(await api.get('/v1/customers', { anonymousId })).toMatchObject({
        status: 400,
        body: { code: 'INVALID_PARAMETER', path: 'anonymousId' },
      });
    }
    expect(await api.get('/v1/customers', { anonymousId: 'a' }, null)).toMatchObject({ status: 401 });
  });
});
