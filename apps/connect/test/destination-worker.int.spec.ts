import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import type { Destination } from '@heed/connect';
import { startEmbeddedStore, type RunningEmbeddedStore } from '@heed/embedded-store';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deliveryStream, outcomeEvent } from '../src/delivery/delivery-outcome';
import { DestinationWorker } from '../src/delivery/destination-worker';
import { listParked } from '../src/parked/parked-deliveries';
import { nextEvent } from '../../../test/support/next-event';

/**
 * A Slack-style receiver that answers 200 and tells each request it got; the first answer takes a
 * moment, so that the customer's later commands are queued behind it in the worker.
 */
async function slackReceiver(): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push(String(req.headers['idempotency-key']));
      setTimeout(
        () => {
          res.writeHead(200).end('ok');
          server.emit('delivered', req.headers['idempotency-key']);
        },
        requests.length === 1 ? 300 : 0,
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack`, requests };
}

const cardFreeze = (customerId: string, reasons: unknown) =>
  jsonEvent({
    id: randomUUID(),
    type: 'CardFreezeRequested',
    data: {
      version: 1,
      customerId,
      requestedAt: '2026-03-05T10:00:00.000Z',
      reasons,
      data: { cardId: 'card-1', transactionId: 'tx-1', fraudScore: 91 },
    },
  });

/** A Slack destination at `url` for card freezes, under a name of its own. */
const destinationAt = (url: string, timeoutMs = 1_000): Destination => ({
  name: `fraud-${randomUUID().slice(0, 8)}`,
  kind: 'slack',
  commands: ['CardFreezeRequested'],
  url,
  secrets: [],
  authorization: undefined,
  from: undefined,
  to: undefined,
  startFrom: 'start',
  policy: {
    maxAttempts: 3,
    timeoutMs,
    concurrency: 4,
    ratePerSecond: undefined,
    backoffInitialMs: 5,
    backoffMaxMs: 20,
    breakerFailureThreshold: 100,
    breakerOpenMs: 100,
  },
});

/** A delivery outcome's data, as far as these tests read it. */
type Commanded = { readonly commandId?: unknown };

/** Waits for `what`, failing after `ms`. */
async function within<T>(what: string, promise: Promise<T>, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(`timed out waiting until ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

describe('a destination worker', () => {
  let store: RunningEmbeddedStore;
  let client: EventStoreDBClient;

  beforeAll(async () => {
    store = await startEmbeddedStore({ port: 0 });
    client = EventStoreDBClient.connectionString(store.connectionString);
  });
  afterAll(async () => {
    await client.dispose();
    await store.stop();
  });

  it("parks a command it cannot turn into a request and goes on with the customer's next one", async () => {
    const receiver = await slackReceiver();
    const customerId = `c-${randomUUID().slice(0, 8)}`;
    const destination = destinationAt(receiver.url);
    // The second command lacks its reasons: the Slack message cannot be rendered from it.
    const first = cardFreeze(customerId, ['first transaction in BR']);
    const broken = cardFreeze(customerId, undefined);
    const last = cardFreeze(customerId, ['first transaction in DE']);
    await client.appendToStream(`lifecycle-${customerId}`, [first, broken, last]);
    const group = `t-${destination.name}`;
    const worker = new DestinationWorker({ client, destination, group, reconnectDelayMs: 50 });
    try {
      const lastDelivered = new Promise<void>((resolve) =>
        receiver.server.on('delivered', (key) => key === last.id && resolve()),
      );
      await worker.start();
      await within('the command after the broken one was delivered', lastDelivered);
      expect(receiver.requests).toEqual([first.id, last.id]);
      // The park is the store's: it lands a moment after the worker's nack.
      const deadline = Date.now() + 15_000;
      while ((await listParked(client, group)).length === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const parked = await listParked(client, group);
      expect(parked.map((p) => p.commandId)).toEqual([broken.id]);
      expect(parked[0]!.reason).toMatch(/^not delivered: /);
      // And the outcome stream answers why: parked without an attempt.
      const outcomes: Array<{ type: string; data: Record<string, unknown> }> = [];
      for await (const { event } of client.readStream(deliveryStream(customerId)))
        outcomes.push({ type: event!.type, data: event!.data as Record<string, unknown> });
      expect(outcomes.map((o) => [o.type, o.data.commandId])).toEqual([
        ['CommandDelivered', first.id],
        ['CommandParked', broken.id],
        ['CommandDelivered', last.id],
      ]);
      expect(outcomes[1]!.data).toMatchObject({ attempts: 0, lastStatus: null });
      expect(outcomes[1]!.data.lastError).toMatch(/^not delivered: /);
    } finally {
      await worker.stop();
      receiver.server.closeAllConnections();
      receiver.server.close();
    }
  }, 30_000);
  it('acknowledges, without sending it again, a command handed out again whose delivery is already recorded', async () => {
    const customerId = `c-${randomUUID().slice(0, 8)}`;
    const delivered = cardFreeze(customerId, ['first transaction in BR']);
    const next = cardFreeze(customerId, ['first transaction in DE']);
    // The receiver holds the first request for `delivered` and never answers it; it answers every
    // other request (the group reads every CardFreezeRequested in the store, other tests' too).
    const requests: string[] = [];
    const server = createServer((req, res) => {
      const key = String(req.headers['idempotency-key']);
      const held = key === delivered.id && !requests.includes(key);
      if (key === delivered.id || key === next.id) requests.push(key);
      server.emit('received', key);
      req.resume();
      if (!held) req.on('end', () => (res.writeHead(200).end('ok'), server.emit('delivered', key)));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const destination = destinationAt(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack`, 5_000);
    await client.appendToStream(`lifecycle-${customerId}`, [delivered, next]);
    const group = `t-${destination.name}`;
    const first = new DestinationWorker({ client, destination, group, reconnectDelayMs: 50 });
    // Told of each command handed out again: whether it was already settled.
    const redelivered: boolean[] = [];
    const second = new DestinationWorker({
      client,
      destination,
      group,
      reconnectDelayMs: 50,
      onRedelivered: (alreadySettled) => redelivered.push(alreadySettled),
    });
    try {
      const received = new Promise<void>((resolve) =>
        server.on('received', (key) => key === delivered.id && resolve()),
      );
      await first.start();
      await within('the first command reached the receiver', received);
      // The worker dies after the command reached its destination and its outcome was recorded,
      // before its acknowledgement reached the store: the store hands the command out again.
      await first.kill();
      await client.appendToStream(deliveryStream(customerId), [
        outcomeEvent(
          {
            type: 'CommandDelivered',
            data: {
              version: 1,
              commandId: delivered.id,
              commandType: 'CardFreezeRequested',
              commandStream: `lifecycle-${customerId}`,
              commandRevision: '0',
              customerId,
              destination: destination.name,
              deliveryCount: 1,
              at: new Date().toISOString(),
              attempt: 1,
              status: 200,
              durationMs: 5,
            },
          },
          delivered.id,
        ),
      ]);
      const nextDelivered = new Promise<void>((resolve) =>
        server.on('delivered', (key) => key === next.id && resolve()),
      );
      await second.start();
      await within("the customer's next command was delivered", nextDelivered);
      expect(requests).toEqual([delivered.id, next.id]);
      // Told as already settled (the group also hands out again other tests' commands, which the
      // first worker delivered before it was killed: settled as well).
      expect(redelivered).toContain(true);
      // Its outcome is recorded a moment after the receiver answered.
      await nextEvent(client, deliveryStream(customerId), (e) => (e.event?.data as Commanded).commandId === next.id);
      const outcomes: Array<[string, unknown]> = [];
      for await (const { event } of client.readStream(deliveryStream(customerId)))
        outcomes.push([event!.type, (event!.data as Commanded).commandId]);
      expect(outcomes).toEqual([
        ['CommandDelivered', delivered.id],
        ['CommandDelivered', next.id],
      ]);
    } finally {
      await second.stop();
      server.closeAllConnections();
      server.close();
    }
  }, 30_000);
});
