import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import type { Destination } from '@heed/connect';
import { startEmbeddedStore, type RunningEmbeddedStore } from '@heed/embedded-store';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { sampleOf } from '../../../test/support/metrics';
import { nextOfType } from '../../../test/support/next-event';
import { ConnectConfig } from '../src/connect.config';
import { deliveryStream } from '../src/delivery/delivery-outcome';
import { startConnect, type RunningConnect } from '../src/start-connect';

describe('connect metrics', () => {
  let store: RunningEmbeddedStore;
  let client: EventStoreDBClient;
  let receiver: Server;
  let connect: RunningConnect;
  const registry = new Registry();

  beforeAll(async () => {
    store = await startEmbeddedStore({ port: 0 });
    client = EventStoreDBClient.connectionString(store.connectionString);
    // The first attempt of each command fails, the second is delivered.
    const seen = new Set<string>();
    receiver = createServer((request, response) => {
      const key = String(request.headers['idempotency-key']);
      request.resume();
      request.on('end', () => {
        const first = !seen.has(key);
        seen.add(key);
        response.writeHead(first ? 503 : 200).end();
      });
    });
    await new Promise<void>((listening) => receiver.listen(0, '127.0.0.1', listening));
    const destination: Destination = {
      name: 'crm',
      kind: 'webhook',
      commands: ['CardFreezeRequested'],
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
      secrets: ['whsec-test-0123456789abcdef'],
      authorization: undefined,
      from: undefined,
      to: undefined,
      startFrom: 'start',
      policy: {
        maxAttempts: 3,
        timeoutMs: 1_000,
        concurrency: 1,
        ratePerSecond: undefined,
        backoffInitialMs: 5,
        backoffMaxMs: 10,
        breakerFailureThreshold: 100,
        breakerOpenMs: 100,
      },
    };
    connect = await startConnect(Object.assign(new ConnectConfig(), { groupPrefix: `m-${randomUUID()}` }), {
      client,
      destinations: [destination],
      logger: false,
      metrics: registry,
    });
  });

  afterAll(async () => {
    await connect?.stop();
    await new Promise((closed) => receiver.close(closed));
    await client.dispose();
    await store.stop();
  });

  it('count each delivery outcome once it is recorded, by destination and outcome', async () => {
    const customerId = `c-${randomUUID()}`;
    await client.appendToStream(
      `lifecycle-${customerId}`,
      jsonEvent({
        type: 'CardFreezeRequested',
        data: { version: 1, customerId, requestedAt: '2026-03-05T10:00:00.000Z', reasons: ['test'], data: {} },
      }),
    );
    await nextOfType(client, deliveryStream(customerId), 'CommandDelivered');
    const scrape = await registry.metrics();
    expect(sampleOf(scrape, 'heed_connect_deliveries_total', { destination: 'crm', outcome: 'failed' })).toBe(1);
    expect(sampleOf(scrape, 'heed_connect_deliveries_total', { destination: 'crm', outcome: 'delivered' })).toBe(1);
  });
});
