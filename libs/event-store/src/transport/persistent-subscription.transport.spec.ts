import { EventEmitter } from 'node:events';
import {
  DeadlineExceededError,
  StreamDeletedError,
  UnavailableError,
  type EventStoreDBClient,
  type PersistentSubscriptionToStreamResolvedEvent,
} from '@eventstore/db-client';
import { Metadata } from '@grpc/grpc-js';
import { Logger } from '@nestjs/common';
import {
  PersistentSubscriptionTransport,
  type PersistentSubscriptionTransportOptions,
  type SettledOutcome,
} from './persistent-subscription.transport';

type NackAction = 'park' | 'retry' | 'skip' | 'stop';

/** The store's side of one subscription, as the transport sees it through the client. */
class FakeSubscription extends EventEmitter {
  readonly acked: string[] = [];
  readonly nacked: Array<{ action: NackAction; reason: string; id: string }> = [];

  async ack(...events: PersistentSubscriptionToStreamResolvedEvent[]): Promise<void> {
    this.acked.push(...events.map((e) => e.event!.id));
  }

  async nack(action: NackAction, reason: string, event: PersistentSubscriptionToStreamResolvedEvent): Promise<void> {
    this.nacked.push({ action, reason, id: event.event!.id });
  }

  pause(): void {}

  async unsubscribe(): Promise<void> {}
}

/** A signal as the store delivers it, on its `retryCount`-th retry. */
const delivered = (revision: number, retryCount = 0): PersistentSubscriptionToStreamResolvedEvent =>
  ({
    event: {
      id: `00000000-0000-4000-8000-${String(revision).padStart(12, '0')}`,
      streamId: 'customer-1',
      revision: BigInt(revision),
      type: 'SignedIn',
      created: new Date(0),
      data: {},
      metadata: {},
      isJson: true,
    },
    retryCount,
  }) as unknown as PersistentSubscriptionToStreamResolvedEvent;

const storeCannotWrite = () => new DeadlineExceededError();
const storeUnreachable = () =>
  new UnavailableError(
    Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
      code: 14,
      details: 'No connection established',
      metadata: new Metadata(),
    }),
  );

/** Settles once `condition` holds, checked every few milliseconds. */
async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * A transport on a fake store, with `handler` as the one event handler. Given the failures its
 * handler throws, it tells what the store was told: acks, nacks (retry or park) and outcomes.
 */
async function consuming(
  handler: (event: PersistentSubscriptionToStreamResolvedEvent) => Promise<void>,
  options: Partial<PersistentSubscriptionTransportOptions> = {},
) {
  const subscriptions: FakeSubscription[] = [];
  const client = {
    createPersistentSubscriptionToStream: () => Promise.resolve(),
    subscribeToPersistentSubscriptionToStream: () => {
      const subscription = new FakeSubscription();
      subscriptions.push(subscription);
      return subscription;
    },
  } as unknown as EventStoreDBClient;
  const settled: SettledOutcome[] = [];
  const transport = new PersistentSubscriptionTransport({
    client,
    stream: '$ce-customer',
    group: 'engine',
    maxRetries: 3,
    storeBackoff: { initialMs: 1, maxMs: 4 },
    reconnectDelayMs: 1,
    onSettled: (outcome) => settled.push(outcome),
    ...options,
  });
  transport.addHandler('event', (event: PersistentSubscriptionToStreamResolvedEvent) => handler(event), true);
  const failure = await new Promise<unknown>((settle) => void transport.listen(settle));
  expect(failure).toBeUndefined();
  return {
    transport,
    settled,
    get store(): FakeSubscription {
      return subscriptions.at(-1)!;
    },
    subscriptions,
    deliver(event: PersistentSubscriptionToStreamResolvedEvent): void {
      subscriptions.at(-1)!.emit('data', event);
    },
  };
}

/** A handler that throws the given failures one per call, then succeeds. */
function failing(...failures: Error[]) {
  const calls: bigint[] = [];
  const handler = async (event: PersistentSubscriptionToStreamResolvedEvent): Promise<void> => {
    calls.push(event.event!.revision);
    const failure = failures[calls.length - 1];
    if (failure !== undefined) throw failure;
  };
  return { handler, calls };
}

describe('PersistentSubscriptionTransport: retry budget', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('retries a signal the store could not write in flight, and never parks it, however often it fails', async () => {
    const { handler, calls } = failing(...Array.from({ length: 7 }, storeCannotWrite), storeUnreachable());
    const h = await consuming(handler);

    h.deliver(delivered(0, 2)); // its last attempt by the budget: one more failure of its own would park it
    await until(() => h.settled.length === 1);

    expect(calls).toHaveLength(9);
    expect(h.store.nacked).toEqual([]);
    expect(h.store.acked).toEqual([delivered(0).event!.id]);
    expect(h.settled).toEqual(['acked']);
    expect(h.transport.progress.holdingCount).toBe(0);
    await h.transport.close();
  });

  it('parks a poison signal once its attempts reach maxRetries, with the reason, and retries it before', async () => {
    const poison = () => new RangeError('churn score is not finite for customer-1');
    const { handler } = failing(poison(), poison());
    const h = await consuming(handler);

    h.deliver(delivered(0, 0));
    h.deliver(delivered(1, 2));
    await until(() => h.settled.length === 2);

    expect(h.store.nacked).toEqual([
      { action: 'retry', reason: 'RangeError: churn score is not finite for customer-1', id: delivered(0).event!.id },
      { action: 'park', reason: 'RangeError: churn score is not finite for customer-1', id: delivered(1).event!.id },
    ]);
    expect(h.settled).toEqual(['retried', 'parked']);
    await h.transport.close();
  });

  it('parks by the budget a signal that fails of its own after the store was unavailable to it', async () => {
    const { handler, calls } = failing(
      storeCannotWrite(),
      storeCannotWrite(),
      StreamDeletedError.fromStreamName('lifecycle-1'),
    );
    const h = await consuming(handler);

    h.deliver(delivered(0, 2));
    await until(() => h.settled.length === 1);

    expect(calls).toHaveLength(3);
    expect(h.store.nacked).toEqual([{ action: 'park', reason: 'StreamDeletedError', id: delivered(0).event!.id }]);
    expect(h.settled).toEqual(['parked']);
    await h.transport.close();
  });

  it('lets a held signal go, neither acknowledged nor nacked, when it closes, without waiting for the store', async () => {
    const h = await consuming(() => Promise.reject(storeCannotWrite()), {
      storeBackoff: { initialMs: 60_000, maxMs: 60_000 },
    });
    h.deliver(delivered(0));
    await until(() => h.transport.inFlightCount === 1);

    const closing = performance.now();
    await h.transport.close();

    expect(performance.now() - closing).toBeLessThan(1_000);
    expect(h.store.acked).toEqual([]);
    expect(h.store.nacked).toEqual([]);
    expect(h.settled).toEqual(['retried']);
    expect(h.transport.inFlightCount).toBe(0);
  });

  it('lets a held signal go when its subscription drops: the store delivers it again on the next one', async () => {
    let storeBack = false;
    const attempts: number[] = [];
    const h = await consuming(async () => {
      attempts.push(h.subscriptions.length);
      if (!storeBack) throw storeUnreachable();
    });
    h.deliver(delivered(0));
    await until(() => attempts.length >= 2);

    const first = h.store;
    first.emit('error', new Error('connection reset'));
    await until(() => h.settled.length === 1 && h.subscriptions.length === 2);
    storeBack = true;
    h.deliver(delivered(0, 1));
    await until(() => h.settled.length === 2);

    expect(first.acked).toEqual([]);
    expect(first.nacked).toEqual([]);
    expect(h.store.acked).toEqual([delivered(0).event!.id]);
    expect(h.settled).toEqual(['retried', 'acked']);
    await h.transport.close();
  });

  it('hands a held signal over to its next delivery when the store delivers it again (message timeout)', async () => {
    let storeBack = false;
    const attempts: number[] = [];
    const h = await consuming(async (event) => {
      attempts.push(event.retryCount ?? 0);
      if (!storeBack) throw storeCannotWrite();
    });
    h.deliver(delivered(0));
    await until(() => attempts.length >= 2);

    h.deliver(delivered(0, 1));
    await until(() => h.settled.length === 1);
    storeBack = true;
    await until(() => h.settled.length === 2);

    expect(h.settled).toEqual(['retried', 'acked']);
    expect(h.store.acked).toEqual([delivered(0).event!.id]);
    expect(h.store.nacked).toEqual([]);
    // After the second delivery, only it tried again.
    expect(attempts.slice(attempts.indexOf(1))).not.toContain(0);
    expect(h.transport.progress.holdingCount).toBe(0);
    await h.transport.close();
  });

  it('lets the delivery that takes over wait for an attempt under way: never two attempts at once', async () => {
    let running = 0;
    let most = 0;
    let calls = 0;
    const h = await consuming(async () => {
      calls++;
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      if (calls < 3) throw storeCannotWrite();
    });
    h.deliver(delivered(0));
    await until(() => calls === 2 && running === 1);

    h.deliver(delivered(0, 1));
    await until(() => h.settled.length === 2);

    expect(most).toBe(1);
    expect(h.store.nacked).toEqual([]);
    expect(h.settled).toContain('acked');
    await h.transport.close();
  });
});
