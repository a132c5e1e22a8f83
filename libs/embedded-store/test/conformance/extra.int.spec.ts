import { randomUUID } from 'node:crypto';
import {
  CancelledError,
  EventStoreDBClient,
  jsonEvent,
  PARK,
  persistentSubscriptionToStreamSettingsFromDefaults,
  START,
  StreamNotFoundError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { ResolvedEvent } from '@eventstore/db-client';
import { startEmbeddedStore } from '@heed/embedded-store';
import { collect, uniqueStream, useStore } from '../store-fixture';
import { collector, jsonTestEvents, upstream } from './conformance-fixture';

describe(upstream('extra/RecordedEvent-created.test.ts + extra/encoding.test.ts'), () => {
  const fixture = useStore();
  const client = () => fixture.client;

  it('RecordedEvent created › Should be a Date', async () => {
    const stream = uniqueStream('created');
    await client().appendToStream(stream, jsonTestEvents());
    const events = await collect(client().readStream(stream));
    expect(events.every((e) => e.event!.created instanceof Date)).toBe(true);
  });

  it('RecordedEvent created › Should correctly converted from Ticks', async () => {
    const stream = uniqueStream('created');
    const before = Date.now();
    await client().appendToStream(stream, jsonTestEvents());
    const after = Date.now();
    for (const { event } of await collect(client().readStream(stream))) {
      expect(event!.created.valueOf()).toBeGreaterThanOrEqual(before);
      expect(event!.created.valueOf()).toBeLessThanOrEqual(after);
    }
  });

  it.each([
    ['encoding › U+0018', '\u0018'],
    ['encoding › U+0118', 'Ę'],
  ])('%s', async (_, char) => {
    const stream = uniqueStream('encoding');
    await client().appendToStream(stream, jsonEvent({ type: 'something', data: { char } }));
    const [read] = await collect(client().readStream(stream, { maxCount: 1, fromRevision: START }));
    expect(read!.event!.data).toMatchObject({ char });
  });
});

describe(upstream('extra/dispose.test.ts'), () => {
  const fixture = useStore();

  it('Subscription to stream / Subscription to $all / Persistent subscription to stream end on dispose', async () => {
    const client = EventStoreDBClient.connectionString(fixture.store.connectionString);
    const stream = uniqueStream('dispose');
    const name = `group-${randomUUID()}`;
    await client.appendToStream(stream, jsonTestEvents(4));
    await client.createPersistentSubscriptionToStream(
      stream,
      name,
      persistentSubscriptionToStreamSettingsFromDefaults(),
    );
    const ended = collector<string>();
    const errors: unknown[] = [];
    const subscriptions = {
      stream: client.subscribeToStream(stream),
      all: client.subscribeToAll(),
      persistent: client.subscribeToPersistentSubscriptionToStream(stream, name),
    };
    for (const [kind, subscription] of Object.entries(subscriptions)) {
      subscription.on('error', (error) => errors.push(error));
      subscription.on('data', () => {});
      subscription.on('end', () => ended.push(kind));
    }
    await Promise.all(
      Object.values(subscriptions).map(
        (subscription) => new Promise<void>((resolve) => subscription.once('confirmation', () => resolve())),
      ),
    );
    await client.appendToStream(stream, jsonTestEvents());
    await client.dispose();
    await ended.until((kinds) => kinds.length === 3);
    expect([...ended.items].sort()).toEqual(['all', 'persistent', 'stream']);
    expect(errors).toEqual([]);
  });

  it('read $all / read stream end on dispose without an error', async () => {
    const client = EventStoreDBClient.connectionString(fixture.store.connectionString);
    const stream = uniqueStream('dispose');
    await client.appendToStream(stream, jsonTestEvents(100));
    const reads = [client.readStream(stream), client.readAll()];
    const errors: unknown[] = [];
    const ended = Promise.all(
      reads.map(
        (read) =>
          new Promise<void>((resolve) => {
            read.on('error', (error) => errors.push(error));
            read.on('data', () => {});
            read.on('close', () => resolve());
          }),
      ),
    );
    await client.dispose();
    await ended;
    expect(errors).toEqual([]);
  });
});

describe(upstream('extra/write-after-end.test.ts'), () => {
  it.each([
    ['Should not write after end', { credentials: { username: 'admin', password: 'changeit' } }],
    ['Should not write after end (batch append)', {}],
  ])('%s: appends in flight fail when the store stops, none hangs', async (_, options) => {
    const store = await startEmbeddedStore({ port: 0 });
    const client = EventStoreDBClient.connectionString(store.connectionString);
    const stream = uniqueStream('write-after-end');
    try {
      await client.appendToStream(stream, jsonTestEvents(), options);
      const started = collector<number>();
      const writeUntilError = async (): Promise<unknown> => {
        for (let i = 0; ; i++) {
          started.push(i);
          await client.appendToStream(stream, jsonTestEvents(2_000), options);
        }
      };
      const failure = writeUntilError().catch((error: unknown) => error);
      await started.until((items) => items.length >= 2);
      await store.stop();
      const error = await failure;
      expect([CancelledError, UnavailableError, UnknownError].some((type) => error instanceof type)).toBe(true);
    } finally {
      await client.dispose();
      await store.stop();
    }
  });
});

describe(upstream('connection/insecure.test.ts + connection/connectionName.test.ts'), () => {
  const fixture = useStore();

  it('insecure › should successfully connect', async () => {
    const stream = uniqueStream('insecure');
    const client = EventStoreDBClient.connectionString(fixture.store.connectionString);
    try {
      await client.appendToStream(stream, jsonTestEvents(1));
      expect(await collect(client.readStream(stream))).toHaveLength(1);
    } finally {
      await client.dispose();
    }
  });

  it('connectionName › connection string: the server sees the name the client gives', async () => {
    const name = `conformance-${randomUUID()}`;
    const client = EventStoreDBClient.connectionString(`${fixture.store.connectionString}&connectionName=${name}`);
    const stream = uniqueStream('named');
    const group = `group-${randomUUID()}`;
    try {
      expect(client.connectionName).toBe(name);
      await client.createPersistentSubscriptionToStream(
        stream,
        group,
        persistentSubscriptionToStreamSettingsFromDefaults(),
      );
      const subscription = client.subscribeToPersistentSubscriptionToStream(stream, group);
      await new Promise<void>((resolve) => subscription.once('confirmation', () => resolve()));
      const info = await client.getPersistentSubscriptionToStreamInfo(stream, group);
      await subscription.unsubscribe();
      expect(info.connections.map((c) => c.connectionName)).toEqual([name]);
    } finally {
      await client.dispose();
    }
  });
});

/**
 * Not supported by the store, and pinned here: each fails at once with a clear error rather than
 * hanging or pretending.
 */
describe(upstream('projections/*.test.ts, ACL and users (not supported)'), () => {
  const fixture = useStore();

  it.each([
    ['listProjections', () => fixture.client.listProjections(), 'Statistics'],
    ['createProjection', () => fixture.client.createProjection(`p-${randomUUID()}`, 'fromAll()'), 'Create'],
    ['getProjectionState', () => fixture.client.getProjectionState('$by_category'), 'State'],
    ['enableProjection', () => fixture.client.enableProjection('$by_event_type'), 'Enable'],
  ])('projections › %s is UNIMPLEMENTED', async (_, call, method) => {
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownError);
    expect(String(error)).toContain(
      `UNIMPLEMENTED: The server does not implement the method /event_store.client.projections.Projections/${method}`,
    );
  });

  it('appendToStream-errors › AccessDenied: ACLs are stored as metadata but not enforced (no users)', async () => {
    const stream = uniqueStream('acl');
    await fixture.client.setStreamMetadata(stream, { acl: { writeRoles: ['some_user'] } });
    const result = await fixture.client.appendToStream(stream, jsonTestEvents(1), {
      credentials: { username: 'AzureDiamond', password: 'hunter2' },
    });
    expect(result.success).toBe(true);
    expect((await fixture.client.getStreamMetadata(stream)).metadata?.acl).toEqual({ writeRoles: ['some_user'] });
  });

  it('catch-up subscription events read by the same client after a projection call still flow', async () => {
    const stream = uniqueStream('after-unimplemented');
    await fixture.client.listProjections().catch(() => undefined);
    await fixture.client.appendToStream(stream, jsonTestEvents(2));
    const seen: ResolvedEvent[] = [];
    for await (const e of fixture.client.subscribeToStream(stream, { fromRevision: START })) {
      seen.push(e);
      if (seen.length === 2) break;
    }
    expect(seen).toHaveLength(2);
  });
});

describe(upstream('connection/singleNode.test.ts + connection/reconnect/no-reconnection.test.ts'), () => {
  const fixture = useStore();

  it('singleNodeConnection › should successfully connect', async () => {
    const client = new EventStoreDBClient(
      { endpoint: { address: fixture.store.host, port: fixture.store.port } },
      { insecure: true },
    );
    const stream = uniqueStream('single');
    try {
      expect((await client.appendToStream(stream, jsonTestEvents(1))).success).toBe(true);
      expect(await collect(client.readStream(stream, { maxCount: 10 }))).toHaveLength(1);
    } finally {
      await client.dispose();
    }
  });

  it('reconnect › no reconnection is made if error is not for reconnecting', async () => {
    const client = EventStoreDBClient.connectionString(fixture.store.connectionString);
    const channelOf = (c: EventStoreDBClient): Promise<unknown> =>
      (c as unknown as { getChannel(): Promise<unknown> }).getChannel();
    try {
      await client.appendToStream(uniqueStream('reconnect'), jsonTestEvents(1), {
        credentials: { username: 'admin', password: 'changeit' },
      });
      const before = await channelOf(client);
      await expect(collect(client.readStream(uniqueStream('missing')))).rejects.toBeInstanceOf(StreamNotFoundError);
      await expect(client.deleteStream(uniqueStream('missing'))).rejects.toBeInstanceOf(WrongExpectedVersionError);
      expect(await channelOf(client)).toBe(before);
    } finally {
      await client.dispose();
    }
  });
});

describe(
  upstream('persistentSubscription/listAllPersistentSubscriptions.test.ts + replayParkedMessagesToStream.test.ts'),
  () => {
    const fixture = useStore();

    it('listAllPersistentSubscriptions › errors › no persistent subscriptions', async () => {
      expect(await fixture.client.listAllPersistentSubscriptions()).toHaveLength(0);
    });

    it('replayParkedMessagesToStream › uri encoding', async () => {
      const stream = `어학연구소/0️⃣/ด้้้้้็็็็็้้้้้็็-${randomUUID()}`;
      const group = 'ヽ༼ຈل͜ຈ༽ﾉ ヽ༼ຈل͜ຈ༽ﾉ';
      await fixture.client.createPersistentSubscriptionToStream(
        stream,
        group,
        persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START }),
      );
      await fixture.client.appendToStream(stream, jsonTestEvents(3));
      const subscription = fixture.client.subscribeToPersistentSubscriptionToStream(stream, group);
      const parked = collector<string>();
      const replayed = collector<string>();
      let replaying = false;
      subscription.on('data', (e: ResolvedEvent) => {
        if (replaying) void subscription.ack(e).then(() => replayed.push(e.event!.id));
        else void subscription.nack(PARK, 'Park it', e).then(() => parked.push(e.event!.id));
      });
      await parked.until((ids) => ids.length === 3);
      const parkedStream = `$persistentsubscription-${stream}::${group}-parked`;
      while (fixture.store.storage.streamState(parkedStream).lastRevision < 2)
        await new Promise((resolve) => setImmediate(resolve));
      replaying = true;
      await fixture.client.replayParkedMessagesToStream(stream, group);
      await replayed.until((ids) => ids.length === 3);
      await subscription.unsubscribe();
      expect([...replayed.items].sort()).toEqual([...parked.items].sort());
    });
  },
);
