import type { EventStoreDBClient, ResolvedEvent } from '@eventstore/db-client';
import { loadConfig } from '@heed/config';
import { Logger } from '@nestjs/common';
import { PassThrough } from 'node:stream';
import { filter, firstValueFrom } from 'rxjs';
import { EngineConfig } from '../engine.config';
import { customerKind } from '../lifecycle/customer-kind';
import { PopulationProjection } from './population-projection';

// The projection against a scripted subscription: what it commits when a batch cannot be written
// while the store goes on sending.

const changed = (revision: number): ResolvedEvent =>
  ({
    event: {
      streamId: `lifecycle-c${revision}`,
      revision: 0n,
      id: `event-${revision}`,
      type: 'StateChanged',
      data: {
        key: `c${revision}`,
        from: { cart: 'empty' },
        to: { cart: 'open' },
        at: '2026-03-02T10:00:00.000Z',
        cause: { type: 'ProductAdded', id: 'x' },
      },
    },
    link: { streamId: '$ce-lifecycle', revision: BigInt(revision), id: `link-${revision}`, type: '$>' },
  }) as unknown as ResolvedEvent;

/** A store whose `$ce-lifecycle` holds `events`; each subscription is handed to the test to drive. */
function scriptedStore(events: ResolvedEvent[]) {
  const subscriptions: Array<{ from: bigint | 'start'; stream: PassThrough }> = [];
  let opened: (() => void) | undefined;
  const client = {
    subscribeToStream: (_stream: string, options: { fromRevision: bigint | 'start' }) => {
      const stream = Object.assign(new PassThrough({ objectMode: true }), {
        unsubscribe: async () => undefined,
      });
      subscriptions.push({ from: options.fromRevision, stream });
      opened?.();
      return stream;
    },
  } as unknown as EventStoreDBClient;
  const after = (from: bigint | 'start') => events.filter((e) => from === 'start' || e.link!.revision > from);
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
    expect(projection.current.checkpoint).toBe(9n);
    expect(projection.readModel.reader.countOf('customer.cart.open')).toBe(10);

    projection.beforeApplicationShutdown();
    second.end();
    await projection.onApplicationShutdown();
  });
});
