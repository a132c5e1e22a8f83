import { Registry } from 'prom-client';
import { sampleOf } from '../../../../test/support/metrics';
import type { DeliveryFacts, DeliveryOutcome } from '../delivery/delivery-outcome';
import { ConnectMetrics } from './connect-metrics';

const facts = (destination: string): DeliveryFacts => ({
  version: 1,
  commandId: 'c-1',
  commandType: 'CardFreezeRequested',
  commandStream: 'lifecycle-a',
  commandRevision: '3',
  customerId: 'a',
  destination,
  deliveryCount: 1,
  at: '2026-03-01T12:00:00.000Z',
});

describe('connect metrics', () => {
  it('count each recorded outcome by destination and outcome', async () => {
    const registry = new Registry();
    const metrics = new ConnectMetrics(registry);
    const failed = {
      type: 'CommandDeliveryFailed',
      data: { ...facts('crm'), attempt: 1, status: 503, error: 'HTTP 503', durationMs: 12, retryInMs: 1000 },
    } as DeliveryOutcome;
    const delivered = {
      type: 'CommandDelivered',
      data: { ...facts('crm'), attempt: 2, status: 200, durationMs: 10 },
    } as DeliveryOutcome;
    const parked = {
      type: 'CommandParked',
      data: { ...facts('slack'), attempts: 3, lastStatus: 400, lastError: 'HTTP 400' },
    } as DeliveryOutcome;
    metrics.recorded([failed]);
    metrics.recorded([delivered]);
    metrics.recorded([parked]);
    const scrape = await registry.metrics();
    expect(sampleOf(scrape, 'heed_connect_deliveries_total', { destination: 'crm', outcome: 'failed' })).toBe(1);
    expect(sampleOf(scrape, 'heed_connect_deliveries_total', { destination: 'crm', outcome: 'delivered' })).toBe(1);
    expect(sampleOf(scrape, 'heed_connect_deliveries_total', { destination: 'slack', outcome: 'parked' })).toBe(1);
  });

  it('count commands handed out again by destination and whether they were already settled', async () => {
    const registry = new Registry();
    const metrics = new ConnectMetrics(registry);
    metrics.redelivered('crm', true);
    metrics.redelivered('crm', true);
    metrics.redelivered('crm', false);
    const scrape = await registry.metrics();
    const redeliveries = (result: string) =>
      sampleOf(scrape, 'heed_connect_redeliveries_total', { destination: 'crm', result });
    expect([redeliveries('already_settled'), redeliveries('attempted')]).toEqual([2, 1]);
  });
});
