import { randomUUID } from 'node:crypto';
import {
  END,
  eventTypeFilter,
  jsonEvent,
  PARK,
  PersistentSubscriptionDoesNotExistError,
  PersistentSubscriptionExistsError,
  persistentSubscriptionToAllSettingsFromDefaults,
  persistentSubscriptionToStreamSettingsFromDefaults,
  RETRY,
  ROUND_ROBIN,
  START,
} from '@eventstore/db-client';
import type {
  PersistentSubscriptionToAll,
  PersistentSubscriptionToStream,
  PersistentSubscriptionToStreamResolvedEvent,
} from '@eventstore/db-client';
import { collect, uniqueStream, useStore } from '../store-fixture';
import { collector, jsonTestEvents, upstream } from './conformance-fixture';

const group = (): string => `group-${randomUUID()}`;
const finishEvent = () => jsonEvent({ type: 'finish-test', data: {} });

/** Reads a subscription, answering each event with `answer`, until `done` says so; returns what it saw. */
async function consume(
  subscription: PersistentSubscriptionToStream | PersistentSubscriptionToAll,
  answer: (e: PersistentSubscriptionToStreamResolvedEvent) => Promise<void>,
  done: (e: PersistentSubscriptionToStreamResolvedEvent, seen: number) => boolean,
): Promise<PersistentSubscriptionToStreamResolvedEvent[]> {
  const seen: PersistentSubscriptionToStreamResolvedEvent[] = [];
  for await (const e of subscription as AsyncIterable<PersistentSubscriptionToStreamResolvedEvent>) {
    seen.push(e);
    await answer(e);
    if (done(e, seen.length)) break;
  }
  await subscription.unsubscribe();
  return seen;
}

describe(upstream('persistentSubscription/*ToStream*.test.ts'), () => {
  const fixture = useStore();
  const client = () => fixture.client;

  describe('createPersistentSubscriptionToStream › should create a persistent subscription', () => {
    it.each([
      ['from start', START],
      ['from end', END],
      ['from revision', 1n],
    ] as const)('%s', async (_, startFrom) => {
      const stream = uniqueStream('create');
      const name = group();
      const settings = persistentSubscriptionToStreamSettingsFromDefaults({ startFrom });
      await client().createPersistentSubscriptionToStream(stream, name, settings);
      expect((await client().getPersistentSubscriptionToStreamInfo(stream, name)).settings).toEqual(settings);
    });
  });

  it('createPersistentSubscriptionToStream › should throw an error if subscription exists', async () => {
    const stream = uniqueStream('create');
    const name = group();
    const settings = persistentSubscriptionToStreamSettingsFromDefaults();
    await client().createPersistentSubscriptionToStream(stream, name, settings);
    await expect(client().createPersistentSubscriptionToStream(stream, name, settings)).rejects.toBeInstanceOf(
      PersistentSubscriptionExistsError,
    );
  });

  it('deletePersistentSubscriptionToStream › should delete a persistent subscription', async () => {
    const stream = uniqueStream('delete');
    const name = group();
    await client().createPersistentSubscriptionToStream(
      stream,
      name,
      persistentSubscriptionToStreamSettingsFromDefaults(),
    );
    await client().deletePersistentSubscriptionToStream(stream, name);
    await expect(client().getPersistentSubscriptionToStreamInfo(stream, name)).rejects.toBeInstanceOf(
      PersistentSubscriptionDoesNotExistError,
    );
  });

  it('updatePersistentSubscriptionToStream › should update a persistent subscription', async () => {
    const stream = uniqueStream('update');
    const name = group();
    await client().createPersistentSubscriptionToStream(
      stream,
      name,
      persistentSubscriptionToStreamSettingsFromDefaults(),
    );
    const updated = persistentSubscriptionToStreamSettingsFromDefaults({
      startFrom: 123n,
      checkPointLowerBound: 12,
      maxSubscriberCount: 200,
      consumerStrategyName: ROUND_ROBIN,
    });
    await client().updatePersistentSubscriptionToStream(stream, name, updated);
    expect((await client().getPersistentSubscriptionToStreamInfo(stream, name)).settings).toEqual(updated);
  });

  describe('getPersistentSubscriptionToStreamInfo', () => {
    it('should get info on a persistent subscription', async () => {
      const stream = uniqueStream('info');
      const name = group();
      const settings = persistentSubscriptionToStreamSettingsFromDefaults({
        startFrom: START,
        checkPointUpperBound: 1,
      });
      await client().createPersistentSubscriptionToStream(stream, name, settings);
      const before = await client().getPersistentSubscriptionToStreamInfo(stream, name);
      expect([before.eventSource, before.groupName]).toEqual([stream, name]);
      expect(before.connections).toHaveLength(0);
      expect(before.stats.lastKnownEventRevision).toBeUndefined();

      await client().appendToStream(stream, [...jsonTestEvents(50), finishEvent()]);
      const subscription = client().subscribeToPersistentSubscriptionToStream(stream, name);
      await consume(
        subscription,
        (e) => subscription.ack(e),
        (e) => e.event?.type === 'finish-test',
      );
      const after = await client().getPersistentSubscriptionToStreamInfo(stream, name);
      expect(after.connections).toHaveLength(0);
      expect(after.stats.lastKnownEventRevision).toBe(50n);
      expect(typeof after.stats.lastCheckpointedEventRevision).toBe('bigint');
    });

    it('should get info on a persistent subscription connection', async () => {
      const stream = uniqueStream('info');
      const name = group();
      await client().createPersistentSubscriptionToStream(
        stream,
        name,
        persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START, extraStatistics: true }),
      );
      await client().appendToStream(stream, jsonTestEvents(5));
      const subscription = client().subscribeToPersistentSubscriptionToStream(stream, name);
      const acked = collector<string>();
      subscription.on('data', (e: PersistentSubscriptionToStreamResolvedEvent) => {
        void subscription.ack(e).then(() => acked.push(e.event!.id));
      });
      await acked.until((items) => items.length === 5);
      // Acks travel on the subscription's call: info, on another call, may see them a moment later.
      let info = await client().getPersistentSubscriptionToStreamInfo(stream, name);
      while (info.connections[0]?.extraStatistics === undefined) {
        await new Promise((resolve) => setImmediate(resolve));
        info = await client().getPersistentSubscriptionToStreamInfo(stream, name);
      }
      await subscription.unsubscribe();
      const [connection] = info.connections;
      expect(connection.connectionName).toBe(client().connectionName);
      expect(connection.extraStatistics!.get('quintile 3')).toBeDefined();
      expect([...connection.extraStatistics!.keys()]).toEqual(
        expect.arrayContaining(['mean', 'median', 'fastest', 'quintile 1', 'quintile 5', '99.9%', 'highest']),
      );
    });

    it('errors › PersistentSubscriptionDoesNotExist', async () => {
      const stream = uniqueStream('info');
      const name = group();
      const error = await client()
        .getPersistentSubscriptionToStreamInfo(stream, name)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PersistentSubscriptionDoesNotExistError);
      expect((error as PersistentSubscriptionDoesNotExistError).streamName).toBe(stream);
      expect((error as PersistentSubscriptionDoesNotExistError).groupName).toBe(name);
    });
  });

  describe('listPersistentSubscriptionsToStream', () => {
    it('should list persistent subscriptions on a stream', async () => {
      const stream = uniqueStream('list');
      const names = [group(), group()];
      for (const name of names)
        await client().createPersistentSubscriptionToStream(
          stream,
          name,
          persistentSubscriptionToStreamSettingsFromDefaults(),
        );
      const list = await client().listPersistentSubscriptionsToStream(stream);
      expect(list.map((s) => s.groupName).sort()).toEqual([...names].sort());
    });
    it('errors › PersistentSubscriptionDoesNotExist', async () => {
      await expect(client().listPersistentSubscriptionsToStream(uniqueStream('none'))).rejects.toBeInstanceOf(
        PersistentSubscriptionDoesNotExistError,
      );
    });
  });

  it('listAllPersistentSubscriptions › should list all persistent subscriptions', async () => {
    const stream = uniqueStream('listall');
    const name = group();
    await client().createPersistentSubscriptionToStream(
      stream,
      name,
      persistentSubscriptionToStreamSettingsFromDefaults(),
    );
    const list = await client().listAllPersistentSubscriptions();
    expect(list.some((s) => s.eventSource === stream && s.groupName === name)).toBe(true);
  });

  describe('replayParkedMessagesToStream', () => {
    async function parkAll(stream: string, name: string, count: number) {
      await client().createPersistentSubscriptionToStream(
        stream,
        name,
        persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START }),
      );
      await client().appendToStream(stream, [...jsonTestEvents(count - 1), finishEvent()]);
      const subscription = client().subscribeToPersistentSubscriptionToStream(stream, name);
      const parkedStream = `$persistentsubscription-${stream}::${name}-parked`;
      const parked = collector<number>();
      subscription.on('data', (e: PersistentSubscriptionToStreamResolvedEvent) => {
        void subscription.nack(PARK, 'Park it', e).then(() => parked.push(1));
      });
      await parked.until((items) => items.length === count);
      // Parking writes a link to the parked stream: wait until all are there.
      while (fixture.store.storage.streamState(parkedStream).lastRevision < count - 1)
        await new Promise((resolve) => setImmediate(resolve));
      return subscription;
    }

    it('should replay all parked messages by default', async () => {
      const stream = uniqueStream('replay');
      const name = group();
      const subscription = await parkAll(stream, name, 10);
      subscription.removeAllListeners('data');
      const replayed = collector<PersistentSubscriptionToStreamResolvedEvent>();
      subscription.on('data', (e: PersistentSubscriptionToStreamResolvedEvent) => {
        replayed.push(e);
        void subscription.ack(e);
      });
      await client().replayParkedMessagesToStream(stream, name);
      await replayed.until((items) => items.length === 10);
      await subscription.unsubscribe();
      expect(replayed.items.map((e) => e.event!.revision)).toEqual(Array.from({ length: 10 }, (_, i) => BigInt(i)));
    });

    it('should stop at requested stopAt', async () => {
      const stream = uniqueStream('replay');
      const name = group();
      const subscription = await parkAll(stream, name, 20);
      subscription.removeAllListeners('data');
      const replayed = collector<PersistentSubscriptionToStreamResolvedEvent>();
      subscription.on('data', (e: PersistentSubscriptionToStreamResolvedEvent) => {
        replayed.push(e);
        void subscription.ack(e);
      });
      await client().replayParkedMessagesToStream(stream, name, { stopAt: 4 });
      await replayed.until((items) => items.length === 4);
      // stopAt is a revision of the parked stream, as on EventStoreDB: a later replay up to 5 brings
      // the fifth only now, which shows the first stopped at 4.
      expect(replayed.items).toHaveLength(4);
      await client().replayParkedMessagesToStream(stream, name, { stopAt: 5 });
      await replayed.until((items) => items.length === 5);
      await subscription.unsubscribe();
      expect(replayed.items.map((e) => e.event!.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
    });

    it('errors › PersistentSubscriptionDoesNotExist', async () => {
      await expect(client().replayParkedMessagesToStream(uniqueStream('none'), group())).rejects.toBeInstanceOf(
        PersistentSubscriptionDoesNotExistError,
      );
    });
  });

  it('restartPersistentSubscriptionSubsystem › Doesnt error', async () => {
    await expect(client().restartPersistentSubscriptionSubsystem()).resolves.toBeUndefined();
  });

  describe('subscribeToPersistentSubscriptionToStream', () => {
    async function subscribedFrom(startFrom: bigint | typeof START | typeof END): Promise<bigint[]> {
      const stream = uniqueStream('sub');
      const name = group();
      await client().appendToStream(stream, jsonTestEvents(4));
      await client().createPersistentSubscriptionToStream(
        stream,
        name,
        persistentSubscriptionToStreamSettingsFromDefaults({ startFrom }),
      );
      await client().appendToStream(stream, [...jsonTestEvents(2), finishEvent()]);
      const subscription = client().subscribeToPersistentSubscriptionToStream(stream, name);
      const seen = await consume(
        subscription,
        (e) => subscription.ack(e),
        (e) => e.event?.type === 'finish-test',
      );
      return seen.map((e) => e.event!.revision);
    }

    it('should connect to a persistent subscription › from start', async () => {
      expect(await subscribedFrom(START)).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n]);
    });
    it('should connect to a persistent subscription › from revision', async () => {
      // Unlike a catch-up subscription, a group's start revision is inclusive.
      expect(await subscribedFrom(2n)).toEqual([2n, 3n, 4n, 5n, 6n]);
    });
    it('should connect to a persistent subscription › from end', async () => {
      expect(await subscribedFrom(END)).toEqual([4n, 5n, 6n]);
    });

    it('should connect to a persistent subscription › nack', async () => {
      const stream = uniqueStream('nack');
      const name = group();
      await client().createPersistentSubscriptionToStream(
        stream,
        name,
        persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START }),
      );
      await client().appendToStream(stream, [...jsonTestEvents(3), finishEvent()]);
      const subscription = client().subscribeToPersistentSubscriptionToStream(stream, name);
      const retried = new Set<string>();
      const seen = await consume(
        subscription,
        async (e) => {
          if (e.event!.type === 'test' && !retried.has(e.event!.id)) {
            retried.add(e.event!.id);
            await subscription.nack(RETRY, 'again', e);
          } else await subscription.ack(e);
        },
        (_, count) => count === 7,
      );
      expect(seen.filter((e) => e.retryCount === 1)).toHaveLength(3);
    });

    it('retryCount', async () => {
      const stream = uniqueStream('retry');
      const name = group();
      await client().createPersistentSubscriptionToStream(
        stream,
        name,
        persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START, maxRetryCount: 5 }),
      );
      await client().appendToStream(stream, [...jsonTestEvents(9), finishEvent()]);
      const subscription = client().subscribeToPersistentSubscriptionToStream(stream, name);
      const nacked: Record<string, number> = {};
      const mismatches: string[] = [];
      await consume(
        subscription,
        async (e) => {
          const id = e.event!.id;
          if (e.retryCount !== (nacked[id] ?? 0)) mismatches.push(`${id}: ${e.retryCount}`);
          nacked[id] = (nacked[id] ?? 0) + 1;
          await subscription.nack(RETRY, 'to test it', e);
        },
        (e) => e.event?.type === 'finish-test',
      );
      expect(mismatches).toEqual([]);
    });

    it('on system stream', async () => {
      const type = `SourceCreatedEvent${randomUUID().replace(/-/g, '')}`;
      const stream = uniqueStream('system_stream');
      const name = group();
      await client().appendToStream(stream, jsonTestEvents(20, type));
      await client().createPersistentSubscriptionToStream(
        `$et-${type}`,
        name,
        persistentSubscriptionToStreamSettingsFromDefaults({ resolveLinkTos: true, startFrom: START }),
      );
      const subscription = client().subscribeToPersistentSubscriptionToStream(`$et-${type}`, name);
      const seen = await consume(
        subscription,
        (e) => subscription.ack(e),
        (_, count) => count === 20,
      );
      expect(new Set(seen.map((e) => e.event!.id)).size).toBe(20);
      expect(seen.every((e) => e.link?.streamId === `$et-${type}` && e.event?.streamId === stream)).toBe(true);
    });

    it('should return a readable stream › after the fact event listeners', async () => {
      const stream = uniqueStream('listeners');
      const name = group();
      await client().createPersistentSubscriptionToStream(
        stream,
        name,
        persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START }),
      );
      const subscription = client().subscribeToPersistentSubscriptionToStream(stream, name);
      const one: string[] = [];
      const two: string[] = [];
      const errors: unknown[] = [];
      const ended = new Promise<void>((resolve) => subscription.on('end', () => resolve()));
      subscription
        .on('data', (e: PersistentSubscriptionToStreamResolvedEvent) => one.push(e.event!.type))
        .on('data', (e: PersistentSubscriptionToStreamResolvedEvent) => {
          two.push(e.event!.type);
          void subscription.ack(e).then(() => {
            if (e.event!.type === 'finish-test') void subscription.unsubscribe();
          });
        })
        .on('error', (error) => errors.push(error));
      await client().appendToStream(stream, [...jsonTestEvents(5), finishEvent()]);
      await ended;
      expect(one).toHaveLength(6);
      expect(two).toEqual(one);
      expect(errors).toEqual([]);
    });

    it('should return a readable stream › async iterator › ack with async function', async () => {
      const stream = uniqueStream('async-ack');
      const name = group();
      await client().createPersistentSubscriptionToStream(
        stream,
        name,
        persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START }),
      );
      await client().appendToStream(stream, [...jsonTestEvents(5), finishEvent()]);
      const subscription = client().subscribeToPersistentSubscriptionToStream(stream, name);
      const seen = await consume(
        subscription,
        async (e) => {
          await Promise.resolve();
          await subscription.ack(e);
        },
        (e) => e.event?.type === 'finish-test',
      );
      expect(seen).toHaveLength(6);
      // Every message was acked: the group has nothing in flight and checkpoints past them.
      const info = await client().getPersistentSubscriptionToStreamInfo(stream, name);
      expect(info.stats.totalInFlightMessages).toBe(0);
    });

    it('Supported (>=22.6.0) › populates log position', async () => {
      const stream = uniqueStream('position');
      const name = group();
      await client().createPersistentSubscriptionToStream(
        stream,
        name,
        persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START }),
      );
      const appended = await client().appendToStream(stream, jsonTestEvents(1));
      const subscription = client().subscribeToPersistentSubscriptionToStream(stream, name);
      const [event] = await consume(
        subscription,
        (e) => subscription.ack(e),
        () => true,
      );
      expect(event!.event!.position).toEqual(appended.position);
    });
  });
});

describe(upstream('persistentSubscription/*ToAll*.test.ts'), () => {
  const fixture = useStore();
  const client = () => fixture.client;

  describe('createPersistentSubscriptionToAll › should create a persistent subscription to all', () => {
    it.each([
      ['start from start', {}],
      ['start from end', { startFrom: END }],
      ['start from position', { startFrom: { commit: 1n, prepare: 1n } }],
    ] as const)('%s', async (_, overrides) => {
      const name = group();
      const settings = persistentSubscriptionToAllSettingsFromDefaults(overrides);
      await client().createPersistentSubscriptionToAll(name, settings);
      expect((await client().getPersistentSubscriptionToAllInfo(name)).settings).toEqual(settings);
    });
    it('with a filter', async () => {
      const name = group();
      await client().createPersistentSubscriptionToAll(name, persistentSubscriptionToAllSettingsFromDefaults(), {
        filter: eventTypeFilter({ prefixes: ['filtered'] }),
      });
      expect((await client().getPersistentSubscriptionToAllInfo(name)).groupName).toBe(name);
    });
  });

  it('createPersistentSubscriptionToAll › should throw an error if group name exists', async () => {
    const name = group();
    await client().createPersistentSubscriptionToAll(name, persistentSubscriptionToAllSettingsFromDefaults());
    await expect(
      client().createPersistentSubscriptionToAll(name, persistentSubscriptionToAllSettingsFromDefaults()),
    ).rejects.toBeInstanceOf(PersistentSubscriptionExistsError);
  });

  it('deletePersistentSubscriptionToAll › should delete a persistent subscription', async () => {
    const name = group();
    await client().createPersistentSubscriptionToAll(name, persistentSubscriptionToAllSettingsFromDefaults());
    await client().deletePersistentSubscriptionToAll(name);
    await expect(client().getPersistentSubscriptionToAllInfo(name)).rejects.toBeInstanceOf(
      PersistentSubscriptionDoesNotExistError,
    );
  });

  it('listPersistentSubscriptionsToAll › lists the groups on $all', async () => {
    const name = group();
    await client().createPersistentSubscriptionToAll(name, persistentSubscriptionToAllSettingsFromDefaults());
    expect((await client().listPersistentSubscriptionsToAll()).map((s) => s.groupName)).toContain(name);
  });

  it('subscribeToPersistentSubscriptionToAll › from start, filtered, with the log positions of the events', async () => {
    const type = `all-${randomUUID()}`;
    const name = group();
    await client().createPersistentSubscriptionToAll(name, persistentSubscriptionToAllSettingsFromDefaults(), {
      filter: eventTypeFilter({ prefixes: [type] }),
    });
    const stream = uniqueStream('psall');
    const appended = await client().appendToStream(stream, [
      ...jsonTestEvents(3, type),
      jsonEvent({ type: `${type}-finish`, data: {} }),
    ]);
    const subscription = client().subscribeToPersistentSubscriptionToAll(name);
    const seen = await consume(
      subscription,
      (e) => subscription.ack(e),
      (e) => e.event?.type === `${type}-finish`,
    );
    expect(seen.map((e) => e.event!.revision)).toEqual([0n, 1n, 2n, 3n]);
    expect(seen[3]!.event!.position).toEqual(appended.position);
  });

  it('subscribeToPersistentSubscriptionToAll › from position', async () => {
    const stream = uniqueStream('psall-position');
    const { position } = await client().appendToStream(stream, jsonTestEvents(1));
    await client().appendToStream(stream, jsonTestEvents(20));
    const name = group();
    await client().createPersistentSubscriptionToAll(
      name,
      persistentSubscriptionToAllSettingsFromDefaults({ startFrom: position! }),
    );
    const finishType = `finish-${name}`;
    await client().appendToStream(uniqueStream('psall-a'), [
      ...jsonTestEvents(3),
      jsonEvent({ type: finishType, data: {} }),
    ]);
    const subscription = client().subscribeToPersistentSubscriptionToAll(name);
    const seen = await consume(
      subscription,
      (e) => subscription.ack(e),
      (e) => e.event?.type === finishType,
    );
    // A group's start position is inclusive: the event at it, the 20 after, then 4 more (and links).
    expect(seen[0]!.event!.position).toEqual(position);
    expect(seen.filter((e) => e.event!.streamId === stream)).toHaveLength(21);
    expect(seen.length).toBeGreaterThanOrEqual(25);
  });

  it('subscribeToPersistentSubscriptionToAll › from end', async () => {
    await client().appendToStream(uniqueStream('psall-before'), jsonTestEvents(3));
    const name = group();
    await client().createPersistentSubscriptionToAll(
      name,
      persistentSubscriptionToAllSettingsFromDefaults({ startFrom: END }),
    );
    const stream = uniqueStream('psall-end');
    const finishType = `finish-${name}`;
    await client().appendToStream(stream, [...jsonTestEvents(2), jsonEvent({ type: finishType, data: {} })]);
    const subscription = client().subscribeToPersistentSubscriptionToAll(name);
    const seen = await consume(
      subscription,
      (e) => subscription.ack(e),
      (e) => e.event?.type === finishType,
    );
    expect(seen.filter((e) => !e.event!.streamId.startsWith('$')).map((e) => e.event!.streamId)).toEqual([
      stream,
      stream,
      stream,
    ]);
  });

  it('subscribeToPersistentSubscriptionToAll › nack', async () => {
    const type = `nack-${randomUUID()}`;
    const name = group();
    await client().createPersistentSubscriptionToAll(
      name,
      persistentSubscriptionToAllSettingsFromDefaults({ startFrom: END }),
      { filter: eventTypeFilter({ prefixes: [type] }) },
    );
    await client().appendToStream(uniqueStream('psall-nack'), jsonTestEvents(3, type));
    const subscription = client().subscribeToPersistentSubscriptionToAll(name);
    const retried = new Set<string>();
    const seen = await consume(
      subscription,
      async (e) => {
        if (retried.has(e.event!.id)) return subscription.ack(e);
        retried.add(e.event!.id);
        return subscription.nack(RETRY, 'again', e);
      },
      (_, count) => count === 6,
    );
    expect(seen.filter((e) => e.retryCount === 1)).toHaveLength(3);
  });

  it('subscribeToPersistentSubscriptionToAll › $all begins with system events, so a group from the start sees them', async () => {
    const name = group();
    await client().createPersistentSubscriptionToAll(
      name,
      persistentSubscriptionToAllSettingsFromDefaults({ startFrom: START }),
    );
    const subscription = client().subscribeToPersistentSubscriptionToAll(name);
    const [first] = await consume(
      subscription,
      (e) => subscription.ack(e),
      () => true,
    );
    // The epoch record, hidden from $all, stays readable in its own stream.
    expect(first!.event!.streamId).toBe('$$$scavenges');
    expect(await collect(client().readStream('$epoch-information'))).toHaveLength(1);
  });
});
