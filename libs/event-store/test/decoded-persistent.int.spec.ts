import { randomUUID } from 'node:crypto';
import {
  EventStoreDBClient,
  START,
  jsonEvent,
  binaryEvent,
  persistentSubscriptionToAllSettingsFromDefaults,
  persistentSubscriptionToStreamSettingsFromDefaults,
  streamNameFilter,
  type PersistentSubscriptionToAll,
  type PersistentSubscriptionToStream,
} from '@eventstore/db-client';
import { startEmbeddedStore, type RunningEmbeddedStore } from '@heed/embedded-store';
import { subscribeDecoded, subscribeDecodedToAll } from '../src/transport/decoded-persistent-subscription';

type Subscription = PersistentSubscriptionToAll | PersistentSubscriptionToStream;

/** The first `count` events a subscription delivers, each acknowledged. */
async function take(subscription: Subscription, count: number): Promise<unknown[]> {
  const events: unknown[] = [];
  for await (const event of subscription) {
    events.push(event);
    await subscription.ack(event);
    if (events.length === count) break;
  }
  await subscription.unsubscribe();
  return events;
}

describe('persistent subscriptions decoded by Heed (ADR 0082), against the client on the embedded store', () => {
  let store: RunningEmbeddedStore;
  let client: EventStoreDBClient;
  const prefix = `decodedps${randomUUID().replace(/-/g, '')}`;
  const stream = `${prefix}-1`;

  beforeAll(async () => {
    store = await startEmbeddedStore({ port: 0 });
    client = EventStoreDBClient.connectionString(store.connectionString);
    await client.appendToStream(stream, [
      jsonEvent({ type: 'SignedIn', data: { device: 'web' }, metadata: { $correlationId: 'c-1' } }),
      binaryEvent({ type: 'Blob', data: Uint8Array.from([1, 2, 3]) }),
      jsonEvent({ type: 'Unicode', data: { name: 'Zoë 🚀' } }),
    ]);
  });

  afterAll(async () => {
    await client.dispose();
    await store.stop();
  });

  it('to a stream: the same events as the client subscription gives', async () => {
    const settings = persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START, resolveLinkTos: true });
    for (const group of ['plain', 'decoded'])
      await client.createPersistentSubscriptionToStream(stream, group, settings);
    const expected = await take(
      client.subscribeToPersistentSubscriptionToStream(stream, 'plain', { bufferSize: 8 }),
      3,
    );
    const actual = await take(subscribeDecoded(client, stream, 'decoded', { bufferSize: 8 }), 3);
    expect(actual).toStrictEqual(expected);
    expect(actual).toHaveLength(3);
  });

  it('to $all: the same events as the client subscription gives', async () => {
    const settings = persistentSubscriptionToAllSettingsFromDefaults({ startFrom: START });
    const filter = streamNameFilter({ prefixes: [prefix] });
    for (const group of [`${prefix}-plain`, `${prefix}-decoded`]) {
      await client.createPersistentSubscriptionToAll(group, settings, { filter });
    }
    const expected = await take(client.subscribeToPersistentSubscriptionToAll(`${prefix}-plain`, { bufferSize: 8 }), 3);
    const actual = await take(subscribeDecodedToAll(client, `${prefix}-decoded`, { bufferSize: 8 }), 3);
    expect(actual).toStrictEqual(expected);
    expect(actual.map((e) => (e as { event: { type: string } }).event.type)).toEqual(['SignedIn', 'Blob', 'Unicode']);
  });

  it("acknowledges through Heed's own bytes: what was acknowledged is not delivered again", async () => {
    const acked = `${prefix}-acked`;
    await client.appendToStream(
      acked,
      [1, 2, 3].map((n) => jsonEvent({ type: 'Early', data: { n } })),
    );
    const settings = persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START });
    for (const group of ['plain', 'decoded']) await client.createPersistentSubscriptionToStream(acked, group, settings);
    await take(client.subscribeToPersistentSubscriptionToStream(acked, 'plain', { bufferSize: 8 }), 3);
    await take(subscribeDecoded(client, acked, 'decoded', { bufferSize: 8 }), 3);
    await client.appendToStream(acked, jsonEvent({ type: 'Late', data: { n: 4 } }));
    const [plainNext] = await take(
      client.subscribeToPersistentSubscriptionToStream(acked, 'plain', { bufferSize: 8 }),
      1,
    );
    const [decodedNext] = await take(subscribeDecoded(client, acked, 'decoded', { bufferSize: 8 }), 1);
    expect(plainNext).toMatchObject({ event: { type: 'Late', revision: 3n } });
    expect(decodedNext).toMatchObject({ event: { type: 'Late', revision: 3n } });
  });
});
