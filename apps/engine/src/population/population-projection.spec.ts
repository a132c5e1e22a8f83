import type { EventStoreDBClient, Position, ResolvedEvent } from '@eventstore/db-client';
import { loadConfig } from '@heed/config';
import { Logger } from '@nestjs/common';
import { PassThrough } from 'node:stream';
import { filter, firstValueFrom } from 'rxjs';
import { EngineConfig } from '../engine.config';
import { customerKind } from '../lifecycle/customer-kind';
import { PopulationProjection } from './population-projection';

// The projection against a scripted subscription: what it commits when a batch cannot be written
// while the store goes on sending.

const changed = (n: number): ResolvedEvent =>
  ({
    event: {
      streamId: `lifecycle-c${n}`,
      revision: 0n,
      position: { commit: BigInt(100 * n), prepare: BigInt(100 * n) },
      id: `event-${n}`,
      type: 'StateChanged',
      data: {
        key: `c${n}`,
        from: { cart: 'empty' },
        to: { cart: 'open' },
        at: '2026-03-02T10:00:00.000Z',
        cause: { type: 'ProductAdded', id: 'x' },
      },
    },
  }) as unknown as ResolvedEvent;

type From = Position | 'start';

/** A store whose `$all` holds `events`; each subscription is handed to the test to drive. */
function scriptedStore(events: ResolvedEvent[]) {
  const subscriptions: Array<{ from: From; stream: PassThrough; checkpoint: (position: Position) => unknown }> = [];
  let opened: (() => void) | undefined;
  const client = {
    subscribeToAll: (options: {
      fromPosition: From;
      filter: { checkpointReached: (subscription: unknown, position: Position) => unknown };
    }) => {
      const stream = Object.assign(new PassThrough({ objectMode: true }), {
        unsubscribe: async () => undefined,
      });
      const checkpoint = (position: Position) => options.filter.checkpointReached(stream, position);
      subscriptions.push({ from: options.fromPosition, stream, checkpoint });
      opened?.();
      return stream;
    },
  } as unknown as EventStoreDBClient;
  const after = (from: From) => events.filter((e) => from === 'start' || e.event!.position!.commit > from.commit);
  const nextSubscription = (count: number) =>
    new Promise<void>((resolve) => {
      if (subscriptions.length >= count) return resolve();
      opened = () => subscriptions.length >= count && resolve();
    });
  return { client, subscriptions, after, nextSubscription };
}

describe('population projection', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('takes nothing more once a batch could not be written, and resumes from its checkpoint', async () => {
    const events = Array.from({ length: 10 }, (_, i) => changed(i));
    const store = scriptedStore(events);
    const config = loadConfig(EngineConfig, {
      HEED_API_KEYS: 'test-key-0123456789',
      HEED_ENGINE_READ_MODEL: ':memory:',
    });
    const projection = new PopulationProjection(config, store.client, customerKind());
    let failed!: () => void;
    const failure = new Promise<void>((resolve) => (failed = resolve));
    jest.spyOn(projection.readModel, 'apply').mockImplementationOnce(() => {
      failed();
      throw new Error('disk I/O error');
    });
    projection.onApplicationBootstrap();

    await store.nextSubscription(1);
    const first = store.subscriptions[0]!.stream;
    for (const e of events.slice(0, 5)) first.write(e);
    await failure;
    // The store had sent more before the subscription was cancelled.
    for (const e of events.slice(5)) first.write(e);
    first.end();

    await store.nextSubscription(2);
    expect(store.subscriptions[1]!.from).toBe('start');
    const second = store.subscriptions[1]!.stream;
    for (const e of store.after('start')) second.write(e);
    second.emit('caughtUp');
    await firstValueFrom(projection.status.pipe(filter((s) => s.caughtUp)));
    expect(projection.current.checkpoint).toEqual({ commit: 900n, prepare: 900n });
    expect(projection.readModel.reader.countOf('customer.cart.open')).toBe(10);

    projection.beforeApplicationShutdown();
    second.end();
    await projection.onApplicationShutdown();
  });

  it('moves its checkpoint on the store’s checkpoints, and skips state changes of other streams', async () => {
    const foreign = changed(3);
    (foreign.event as { streamId: string }).streamId = 'whatif-lifecycle-c3';
    const store = scriptedStore([changed(1), foreign]);
    const config = loadConfig(EngineConfig, {
      HEED_API_KEYS: 'test-key-0123456789',
      HEED_ENGINE_READ_MODEL: ':memory:',
    });
    const projection = new PopulationProjection(config, store.client, customerKind());
    projection.onApplicationBootstrap();
    await store.nextSubscription(1);
    const { stream, checkpoint } = store.subscriptions[0]!;
    for (const e of store.after('start')) stream.write(e);
    await checkpoint({ commit: 5_000n, prepare: 5_000n });
    // A checkpoint behind what was read moves nothing.
    await checkpoint({ commit: 4_000n, prepare: 4_000n });
    stream.emit('caughtUp');
    await firstValueFrom(projection.status.pipe(filter((s) => s.caughtUp)));
    expect(projection.current).toEqual({
      checkpoint: { commit: 5_000n, prepare: 5_000n },
      caughtUp: true,
      projected: 1,
    });
    expect(projection.readModel.reader.progress()).toMatchObject({
      checkpoint: { commit: 5_000n, prepare: 5_000n },
      customers: 1,
    });
    projection.beforeApplicationShutdown();
    stream.end();
    await projection.onApplicationShutdown();
  });

  it('starts from the beginning when its checkpoint came from the store alone, with no change seen', async () => {
    const store = scriptedStore([changed(1)]);
    const config = loadConfig(EngineConfig, {
      HEED_API_KEYS: 'test-key-0123456789',
      HEED_ENGINE_READ_MODEL: ':memory:',
    });
    const projection = new PopulationProjection(config, store.client, customerKind());
    projection.readModel.apply({ changes: [], checkpoint: { commit: 5_000n, prepare: 5_000n } });
    const warn = jest.spyOn(Logger.prototype, 'warn');
    projection.onApplicationBootstrap();
    await store.nextSubscription(1);
    expect(store.subscriptions[0]!.from).toBe('start');
    // Not another store's read model: nothing to warn about.
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    const { stream } = store.subscriptions[0]!;
    for (const e of store.after('start')) stream.write(e);
    stream.emit('caughtUp');
    await firstValueFrom(projection.status.pipe(filter((s) => s.caughtUp)));
    expect(projection.readModel.reader.countOf('customer.cart.open')).toBe(1);
    projection.beforeApplicationShutdown();
    stream.end();
    await projection.onApplicationShutdown();
  });
});
