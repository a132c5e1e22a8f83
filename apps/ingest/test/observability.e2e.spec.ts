import { sampleOf as sample } from '../../../test/support/metrics';
import { newCustomer, newMessage, post, readAll, signedIn, startIngest, type IngestUnderTest } from './ingest-harness';

const scrape = async (ingest: IngestUnderTest): Promise<string> => {
  const response = await fetch(`${ingest.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
};

describe('ingest observability', () => {
  let ingest: IngestUnderTest;
  beforeAll(async () => (ingest = await startIngest()));
  afterAll(() => ingest.stop());

  it('counts an accepted call, its duplicate and a rejected one by code, and times the store calls', async () => {
    const before = await scrape(ingest);
    const call = signedIn(newCustomer(), newMessage());
    expect((await post(ingest, '/v1/track', call)).status).toBe(200);
    expect((await post(ingest, '/v1/track', call)).body).toMatchObject({ status: 'duplicate' });
    expect((await post(ingest, '/v1/track', { ...signedIn(newCustomer()), event: 'Nope' })).status).toBe(400);

    const after = await scrape(ingest);
    const delta = (name: string, labels: Record<string, string> = {}) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(delta('heed_ingest_calls_total', { outcome: 'accepted', code: '' })).toBe(1);
    expect(delta('heed_ingest_calls_total', { outcome: 'duplicate', code: '' })).toBe(1);
    expect(delta('heed_ingest_calls_total', { outcome: 'rejected', code: 'UNKNOWN_EVENT_TYPE' })).toBe(1);
    expect(delta('heed_ingest_request_errors_total', { code: 'UNKNOWN_EVENT_TYPE' })).toBe(1);
    expect(
      delta('heed_ingest_store_call_duration_seconds_count', { operation: 'append', outcome: 'ok' }),
    ).toBeGreaterThan(0);
    expect(
      delta('heed_http_request_duration_seconds_count', {
        service: 'ingest',
        method: 'POST',
        route: '/v1/track',
        status_code: '200',
      }),
    ).toBe(2);
    expect(after).toContain('# TYPE heed_ingest_requests_in_flight gauge');
    expect(after).toContain('process_cpu_seconds_total');
  });

  it('counts whole requests refused before any call is read, by code', async () => {
    const before = sample(await scrape(ingest), 'heed_ingest_request_errors_total', { code: 'INVALID_WRITE_KEY' });
    const refused = await post(ingest, '/v1/track', signedIn(newCustomer()), {
      authorization: 'Bearer not-a-key-0123456789',
    });
    expect(refused.status).toBe(401);
    const after = sample(await scrape(ingest), 'heed_ingest_request_errors_total', { code: 'INVALID_WRITE_KEY' });
    expect(after - before).toBe(1);
  });

  it('answers each request with its correlation id, the $correlationId of the events it stored', async () => {
    const customer = newCustomer();
    const answer = await post(ingest, '/v1/track', signedIn(customer), { 'x-request-id': 'chosen-by-the-caller' });
    const id = answer.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const [stored] = await readAll(ingest.client, `customer-${customer}`);
    expect(stored?.metadata['$correlationId']).toBe(id);
  });

  it('is ready while the store answers, and says why not once it does not', async () => {
    const ready = await fetch(`${ingest.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', service: 'ingest', store: 'answering' });

    await ingest.store.stop();
    const down = await fetch(`${ingest.url}/health/ready`);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('1');
    expect(await down.json()).toMatchObject({ success: false, code: 'STORE_UNAVAILABLE' });
    // Liveness is not readiness: the process still answers.
    expect((await fetch(`${ingest.url}/health`)).status).toBe(200);
  });
});
