import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  END,
  EventStoreDBClient,
  jsonEvent,
  PINNED,
  type PersistentSubscriptionToStream,
  type PersistentSubscriptionToStreamResolvedEvent,
  persistentSubscriptionToAllSettingsFromDefaults,
  persistentSubscriptionToStreamSettingsFromDefaults,
  ROUND_ROBIN,
  START,
  STREAM_NAME,
  streamNameFilter,
} from '@eventstore/db-client';
import { startEmbeddedStore } from '@heed/embedded-store';

import { collect, uniqueStream, useStore } from './store-fixture';

/** Fast settings for tests: short timeouts and checkpoints after every message. */
const settings = (changes: Parameters<typeof persistentSubscriptionToStreamSettingsFromDefaults>[0] = {}) =>
  persistentSubscriptionToStreamSettingsFromDefaults({
    startFrom: START,
    messageTimeout: 30_000,
    checkPointAfter: 50,
    checkPointLowerBound: 1,
    ...changes,
  });

/** A consumer that records what it receives and can wait until it has received enough. */
const consume = (
  subscription: PersistentSubscriptionToStream,
  onEvent: (event: PersistentSubscriptionToStreamResolvedEvent) => Promise<void> | void = (e) => subscription.ack(e),
) => {
  const received: PersistentSubscriptionToStreamResolvedEvent[] = [];
  const waiters: Array<() => void> = [];
  subscription.on('data', (event: PersistentSubscriptionToStreamResolvedEvent) => {
    received.push(event);
    void onEvent(event);
    for (const wake of waiters.splice(0)) wake();
  });
  subscription.on('error', () => {});
  const until = (done: () => boolean, what: string, ms = 5_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
      const check = () => {
        if (!done()) return void waiters.push(check);
        clearTimeout(timer);
        resolve();
      };
      check();
    });
  return {
    received,
    types: () => received.map((e) => e.event?.type),
    waitFor: (count: number, ms?: number) => until(() => received.length >= count, `${count} events`, ms),
    until,
  };
};

/** Polls a condition that no event announces (a stream written by the store itself) until it holds. */
const eventually = async <T>(
  check: () => Promise<T | undefined> | T | undefined,
  what: string,
  ms = 5_000,
): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const events = (...types: string[]) => types.map((type) => jsonEvent({ type, data: { type } }));

describe('persistent subscriptions through @eventstore/db-client', () => {
  const fixture = useStore();

  it('creates, describes, lists, updates and deletes groups on a stream and on $all', async () => {
    const { client } = fixture;
    const stream = uniqueStream('orders');
    await client.createPersistentSubscriptionToStream(stream, 'billing', settings({ maxRetryCount: 3 }));
    await client.createPersistentSubscriptionToAll(
      `all-${stream}`,
      persistentSubscriptionToAllSettingsFromDefaults({ startFrom: END }),
      { filter: streamNameFilter({ prefixes: ['orders-'] }) },
    );

    await expect(client.createPersistentSubscriptionToStream(stream, 'billing', settings())).rejects.toMatchObject({
      type: 'persistent-subscription-exists',
    });
    const info = await client.getPersistentSubscriptionToStreamInfo(stream, 'billing');
    expect(info).toMatchObject({
      eventSource: stream,
      groupName: 'billing',
      settings: { maxRetryCount: 3, startFrom: START },
    });
    const allInfo = await client.getPersistentSubscriptionToAllInfo(`all-${stream}`);
    expect(allInfo.settings.startFrom).toBe(END);
    expect((await client.listPersistentSubscriptionsToStream(stream)).map((i) => i.groupName)).toEqual(['billing']);
    expect((await client.listPersistentSubscriptionsToAll()).map((i) => i.groupName)).toContain(`all-${stream}`);

    await client.updatePersistentSubscriptionToStream(stream, 'billing', settings({ maxRetryCount: 7 }));
    expect((await client.getPersistentSubscriptionToStreamInfo(stream, 'billing')).settings.maxRetryCount).toBe(7);

    await client.deletePersistentSubscriptionToStream(stream, 'billing');
    await client.deletePersistentSubscriptionToAll(`all-${stream}`);
    await expect(client.getPersistentSubscriptionToStreamInfo(stream, 'billing')).rejects.toMatchObject({
      type: 'persistent-subscription-does-not-exist',
    });
    await expect(client.deletePersistentSubscriptionToStream(stream, 'billing')).rejects.toMatchObject({
      type: 'persistent-subscription-does-not-exist',
    });
  });

  it('refuses settings EventStoreDB refuses, and a consumer beyond maxSubscriberCount', async () => {
    const { client } = fixture;
    const stream = uniqueStream('orders');
    await expect(
      client.createPersistentSubscriptionToStream(
        stream,
        'g',
        settings({ readBatchSize: 500, historyBufferSize: 500 }),
      ),
    ).rejects.toMatchObject({ type: 'persistent-subscription-failed' });
    await client.createPersistentSubscriptionToStream(stream, 'g', settings({ maxSubscriberCount: 1 }));
    const first = client.subscribeToPersistentSubscriptionToStream(stream, 'g');
    await new Promise((resolve) => first.once('confirmation', resolve));
    const second = client.subscribeToPersistentSubscriptionToStream(stream, 'g');
    const error = await new Promise<unknown>((resolve) => second.once('error', resolve));
    expect(error).toMatchObject({ type: 'maximum-subscribers-reached' });
    await first.unsubscribe();
  });

  it('delivers the history, then live events, and counts retries of nacked events', async () => {
    const { client } = fixture;
    const stream = uniqueStream('orders');
    await client.appendToStream(stream, events('Placed', 'Paid'));
    await client.createPersistentSubscriptionToStream(stream, 'g', settings());
    const subscription = client.subscribeToPersistentSubscriptionToStream(stream, 'g');
    let nacked = false;
    const consumer = consume(subscription, async (event) => {
      if (event.event?.type === 'Paid' && !nacked) {
        nacked = true;
        return subscription.nack('retry', 'not yet', event);
      }
      return subscription.ack(event);
    });
    await consumer.waitFor(3);
    await client.appendToStream(stream, events('Shipped'));
    await consumer.waitFor(4);
    expect(consumer.received.map((e) => [e.event?.type, e.retryCount])).toEqual([
      ['Placed', 0],
      ['Paid', 0],
      ['Paid', 1],
      ['Shipped', 0],
    ]);
    await subscription.unsubscribe();
  });

  it('retries timed-out events, parks them after maxRetryCount with the reason, and replays them', async () => {
    const { client } = fixture;
    const stream = uniqueStream('orders');
    await client.appendToStream(stream, events('Poison', 'Fine'));
    await client.createPersistentSubscriptionToStream(stream, 'g', settings({ messageTimeout: 100, maxRetryCount: 1 }));
    const subscription = client.subscribeToPersistentSubscriptionToStream(stream, 'g');
    const consumer = consume(subscription, (event) =>
      event.event?.type === 'Poison' ? undefined : subscription.ack(event),
    );
    await consumer.waitFor(3);
    const parkedStream = `$persistentsubscription-${stream}::g-parked`;
    const parked = await eventually(async () => {
      const read = await collect(client.readStream(parkedStream)).catch(() => []);
      return read.length > 0 ? read : undefined;
    }, 'the parked event');
    expect(consumer.received.map((e) => [e.event?.type, e.retryCount])).toEqual([
      ['Poison', 0],
      ['Fine', 0],
      ['Poison', 1],
    ]);
    expect(parked).toHaveLength(1);
    expect(parked[0]!.event).toMatchObject({ type: '$>', metadata: { reason: 'Reached retry count of 1' } });
    expect((await client.getPersistentSubscriptionToStreamInfo(stream, 'g')).stats.parkedMessageCount).toBe(1n);

    await client.replayParkedMessagesToStream(stream, 'g');
    await consumer.waitFor(4);
    expect(consumer.received[3]).toMatchObject({ event: { type: 'Poison' }, link: { streamId: parkedStream } });
    await subscription.unsubscribe();
  });

  it('RoundRobin spreads events over consumers', async () => {
    const { client } = fixture;
    const stream = uniqueStream('orders');
    await client.createPersistentSubscriptionToStream(stream, 'g', settings({ consumerStrategyName: ROUND_ROBIN }));
    const a = client.subscribeToPersistentSubscriptionToStream(stream, 'g');
    const b = client.subscribeToPersistentSubscriptionToStream(stream, 'g');
    const ca = consume(a);
    const cb = consume(b);
    await Promise.all([a, b].map((s) => new Promise((resolve) => s.once('confirmation', resolve))));
    await client.appendToStream(stream, events('A', 'B', 'C', 'D'));
    await eventually(() => (ca.received.length + cb.received.length === 4 ? true : undefined), '4 events');
    expect(ca.received.length).toBe(2);
    expect(cb.received.length).toBe(2);
    await Promise.all([a.unsubscribe(), b.unsubscribe()]);
  });

  it('Pinned keeps each stream on one consumer and moves them, unacked events included, when it leaves', async () => {
    const { client } = fixture;
    const category = uniqueStream('pin').replace(/-/g, '');
    const streams = Array.from({ length: 8 }, (_, i) => `${category}-${i}`);
    const group = `pinned-${category}`;
    await client.createPersistentSubscriptionToAll(
      group,
      persistentSubscriptionToAllSettingsFromDefaults({
        startFrom: START,
        consumerStrategyName: PINNED,
        checkPointAfter: 50,
        checkPointLowerBound: 1,
      }),
      { filter: streamNameFilter({ prefixes: [`${category}-`] }) },
    );
    const a = client.subscribeToPersistentSubscriptionToAll(group, { bufferSize: 100 });
    const b = client.subscribeToPersistentSubscriptionToAll(group, { bufferSize: 100 });
    const ca = consume(a, () => undefined); // a never acks
    const cb = consume(b);
    await Promise.all([a, b].map((s) => new Promise((resolve) => s.once('confirmation', resolve))));
    for (const stream of streams) await client.appendToStream(stream, events('First', 'Second'));
    await eventually(() => (ca.received.length + cb.received.length === 16 ? true : undefined), '16 events');
    const ownersOf = new Map<string, Set<string>>();
    for (const [name, c] of [
      ['a', ca],
      ['b', cb],
    ] as const) {
      for (const e of c.received)
        ownersOf.set(e.event!.streamId, (ownersOf.get(e.event!.streamId) ?? new Set()).add(name));
    }
    expect([...ownersOf.values()].every((owners) => owners.size === 1)).toBe(true);
    expect(ca.received.length).toBeGreaterThan(0);
    expect(cb.received.length).toBeGreaterThan(0);

    const heldByA = ca.received.map((e) => e.event!.id);
    const before = cb.received.length;
    await a.unsubscribe();
    await cb.until(() => cb.received.length >= before + heldByA.length, 'a’s events on b');
    const moved = cb.received.slice(before);
    expect(new Set(moved.map((e) => e.event!.id))).toEqual(new Set(heldByA));
    expect(moved.every((e) => e.retryCount === 1)).toBe(true);
    await b.unsubscribe();
  });

  it('resumes each group at its checkpoint after a restart on the same data directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'heed-persistent-'));
    try {
      const stream = uniqueStream('orders');
      let store = await startEmbeddedStore({ port: 0, dataDir });
      let client = EventStoreDBClient.connectionString(store.connectionString);
      await client.appendToStream(stream, events('A', 'B', 'C'));
      await client.createPersistentSubscriptionToStream(stream, 'g', settings());
      const first = client.subscribeToPersistentSubscriptionToStream(stream, 'g');
      const c1 = consume(first, (e) => (e.event?.type === 'A' ? first.ack(e) : undefined));
      await c1.waitFor(3);
      const checkpointStream = `$persistentsubscription-${stream}::g-checkpoint`;
      await eventually(
        () =>
          store.storage.readStream(checkpointStream, { direction: 'forwards', from: 'start', maxCount: 1 }).status ===
          'ok'
            ? true
            : undefined,
        'a checkpoint',
      );
      await client.dispose();
      await store.stop();

      store = await startEmbeddedStore({ port: 0, dataDir });
      client = EventStoreDBClient.connectionString(store.connectionString);
      const second = client.subscribeToPersistentSubscriptionToStream(stream, 'g');
      const c2 = consume(second);
      await c2.waitFor(2);
      expect(c2.types()).toEqual(['B', 'C']);
      await second.unsubscribe();
      await client.dispose();
      await store.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('persistent subscriptions to $all', () => {
  const fixture = useStore();

  it('deliver only events that pass the group filter', async () => {
    const { client } = fixture;
    const prefix = uniqueStream('flt').replace(/-/g, '');
    await client.createPersistentSubscriptionToAll(
      prefix,
      persistentSubscriptionToAllSettingsFromDefaults({ startFrom: START }),
      { filter: { filterOn: STREAM_NAME, prefixes: [`${prefix}-in`], checkpointInterval: 1 } },
    );
    const subscription = client.subscribeToPersistentSubscriptionToAll(prefix);
    const consumer = consume(subscription);
    await client.appendToStream(`${prefix}-in-1`, events('Wanted'));
    await client.appendToStream(`${prefix}-out-1`, events('Unwanted'));
    await client.appendToStream(`${prefix}-in-2`, events('AlsoWanted'));
    await consumer.waitFor(2);
    expect(consumer.types()).toEqual(['Wanted', 'AlsoWanted']);
    await subscription.unsubscribe();
  });
});
