import { EventStoreDBClient, START, jsonEvent, streamNameFilter } from '@eventstore/db-client';
import { isHeldOut, type Destination } from '@heed/connect';
import { startEmbeddedStore, type RunningEmbeddedStore } from '@heed/embedded-store';
import { randomUUID } from 'node:crypto';
import { ConnectConfig } from '../src/connect.config';
import { attributeOutcomes } from '../src/outcomes/attribute-outcomes';
import { readCustomerRecords } from '../src/outcomes/read-customer-records';
import { startConnect, type RunningConnect } from '../src/start-connect';
import { FaultReceiver } from './fault-receiver';

const CUSTOMERS = 40;
const HOLDOUT = 0.5;
const day = (n: number): string => new Date(Date.UTC(2026, 2, 1 + n, 9)).toISOString();
const state = (engagement: unknown) => ({ engagement, fraud: 'clear', cart: 'empty', renewal: 'none' });

const destination = (url: string): Destination => ({
  name: 'success',
  kind: 'webhook',
  commands: ['FlagAccountForSuccessTeamRequested'],
  url: `${url}/success`,
  secrets: ['whsec-outcomes-0123456789abcdef'],
  authorization: undefined,
  from: undefined,
  to: undefined,
  startFrom: 'start',
  holdout: HOLDOUT,
  policy: {
    maxAttempts: 3,
    timeoutMs: 1_000,
    concurrency: 8,
    ratePerSecond: undefined,
    backoffInitialMs: 5,
    backoffMaxMs: 20,
    breakerFailureThreshold: 1_000,
    breakerOpenMs: 100,
  },
});

const FINAL = new Set(['CommandDelivered', 'CommandHeldOut', 'CommandParked']);

/**
 * Resolves once `count` final outcomes (delivered, held out, parked) were recorded in the run's
 * `delivery-` streams (a live wait); a failed attempt on a loaded machine is not one.
 */
async function outcomesRecorded(client: EventStoreDBClient, run: string, count: number): Promise<void> {
  const subscription = client.subscribeToAll({
    fromPosition: START,
    filter: streamNameFilter({ prefixes: [`delivery-${run}`] }),
  });
  let seen = 0;
  try {
    for await (const { event } of subscription) if (FINAL.has(event?.type ?? '') && ++seen >= count) return;
  } finally {
    await subscription.unsubscribe();
  }
}

describe('outcomes: a holdout as the control group, read back from the store', () => {
  let store: RunningEmbeddedStore;
  let client: EventStoreDBClient;
  let receiver: FaultReceiver;
  let connect: RunningConnect;

  beforeAll(async () => {
    store = await startEmbeddedStore({ port: 0 });
    client = EventStoreDBClient.connectionString(store.connectionString);
    receiver = await FaultReceiver.start({});
  });
  afterAll(async () => {
    await connect?.stop();
    await receiver.stop();
    await client.dispose();
    await store.stop();
  });

  it('withholds the commands of the held-out customers, and compares their recovery with the reached ones', async () => {
    const run = `o${randomUUID().slice(0, 8)}`;
    const customers = Array.from({ length: CUSTOMERS }, (_, i) => `${run}-c${i}`);
    const comesBack = (i: number): boolean => i % 3 === 0;
    for (const [i, customerId] of customers.entries()) {
      const back = comesBack(i)
        ? [{ from: state({ 'at-risk': 'flagged' }), to: state('active'), at: day(4), cause: 'FeatureUsed' }]
        : [];
      await client.appendToStream(`lifecycle-${customerId}`, [
        jsonEvent({
          type: 'StateChanged',
          data: {
            key: customerId,
            from: state('active'),
            to: state({ 'at-risk': 'flagged' }),
            at: day(1),
            cause: { type: 'PageViewed' },
          },
        }),
        jsonEvent({
          id: randomUUID(),
          type: 'FlagAccountForSuccessTeamRequested',
          data: { version: 1, customerId, requestedAt: day(1), reasons: ['test'], data: {} },
        }),
        ...back.map((b) =>
          jsonEvent({
            type: 'StateChanged',
            data: { key: customerId, from: b.from, to: b.to, at: b.at, cause: { type: b.cause } },
          }),
        ),
        // Later than every window: the horizon.
        jsonEvent({
          type: 'StateChanged',
          data: { key: customerId, from: state('active'), to: state('active'), at: day(40), cause: { type: 'X' } },
        }),
      ]);
    }
    connect = await startConnect(Object.assign(new ConnectConfig(), { groupPrefix: run }), {
      client,
      destinations: [destination(receiver.url)],
      logger: false,
    });
    await outcomesRecorded(client, run, CUSTOMERS);

    const heldOut = customers.filter((c) => isHeldOut(c, HOLDOUT));
    expect(heldOut.length).toBeGreaterThan(0);
    expect(heldOut.length).toBeLessThan(CUSTOMERS);
    const reachedCustomers = new Set(receiver.receipts.map((r) => r.customerId));
    for (const c of customers) expect(reachedCustomers.has(c)).toBe(!heldOut.includes(c));

    const report = attributeOutcomes(
      (await readCustomerRecords(client)).filter((r) => r.customerId.startsWith(run)),
      14,
    );
    const [row] = report.rows;
    const recoveredIn = (group: string[]) =>
      group.filter((c) => comesBack(Number(c.slice(c.lastIndexOf('c') + 1)))).length;
    const reached = customers.filter((c) => !heldOut.includes(c));
    expect(row).toMatchObject({
      type: 'FlagAccountForSuccessTeamRequested',
      reached: { commands: reached.length, recovered: recoveredIn(reached), medianHoursToRecover: 72 },
      control: { commands: heldOut.length, recovered: recoveredIn(heldOut) },
      controlBy: { 'held-out': heldOut.length, parked: 0, 'no-destination': 0 },
    });
  });
});
