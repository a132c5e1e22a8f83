import {
  BACKWARDS,
  END,
  PersistentSubscriptionExistsError,
  START,
  StreamNotFoundError,
  eventTypeFilter,
  persistentSubscriptionToAllSettingsFromDefaults,
  type EventStoreDBClient,
  type PersistentSubscriptionToAll,
  type PersistentSubscriptionToAllResolvedEvent,
} from '@eventstore/db-client';
import { describeDestination, isHeldOut, outboundRequest, type Destination, type StoredCommand } from '@heed/connect';
import type { CommandEvent } from '@heed/domain';
import { subscribeDecodedToAll } from '@heed/event-store';
import type { LoggerService } from '@nestjs/common';
import { CircuitBreaker } from './circuit-breaker';
import { deliveryStream, outcomeEvent, type DeliveryFacts, type DeliveryOutcome } from './delivery-outcome';
import { retryDelay } from './retry-delay';
import { sendRequest, type AttemptResult } from './send-request';

export interface DestinationWorkerOptions {
  readonly client: EventStoreDBClient;
  readonly destination: Destination;
  /** Consumer group of this destination: shared by every connect worker delivering to it. */
  readonly group: string;
  readonly logger?: LoggerService;
  /** Jitter source, [0, 1). */
  readonly random?: () => number;
  /** Delay before resubscribing after the subscription dropped. Default 500 ms. */
  readonly reconnectDelayMs?: number;
  /** Told the outcomes once they are recorded (metrics). */
  readonly onRecorded?: (outcomes: readonly DeliveryOutcome[]) => void;
  /**
   * Told of each command the store handed out again: whether it was already settled (delivered or
   * held out, so acknowledged without a request) or is attempted again (metrics).
   */
  readonly onRedelivered?: (alreadySettled: boolean) => void;
}

/** The consumer group of a destination. */
export const destinationGroup = (prefix: string, destination: Pick<Destination, 'name'>): string =>
  `${prefix}-${destination.name}`;

/** Commands the store may hand a worker before it acknowledges them: a few per delivery slot. */
const bufferSizeOf = (destination: Destination): number => Math.min(1_000, destination.policy.concurrency * 8);

/** How many of a customer's latest delivery outcomes a redelivered command is looked for in. */
const SETTLED_LOOKBACK = 100n;

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Delivers one destination's commands. It reads its own persistent subscription to `$all`,
 * filtered by the destination's command types (ADR 0063), with the `Pinned` strategy: several
 * workers share a destination, each customer's commands going to one of them. Within a worker a
 * customer's commands go one at a time in stream order, up to `concurrency` customers at once.
 * A command is acknowledged only once its outcome (delivered or parked) is in the store; a worker
 * that dies loses nothing, its unacknowledged commands come again (at least once, same
 * `Idempotency-Key`).
 */
export class DestinationWorker {
  private subscription: PersistentSubscriptionToAll | undefined;
  private readonly breaker: CircuitBreaker;
  private readonly chains = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<string>();
  private readonly work = new Set<Promise<void>>();
  private readonly waiters: Array<() => void> = [];
  private readonly stopSignal = new AbortController();
  /** Cuts off the requests in flight when the worker is killed (a graceful stop lets them finish). */
  private readonly killSwitch = new AbortController();
  private active = 0;
  private nextSlotAt = 0;
  private pendingAcks: PersistentSubscriptionToAllResolvedEvent[] = [];
  private ackScheduled = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private killed = false;
  /** Commands acknowledged by this worker (delivered or parked). */
  settled = 0;

  constructor(private readonly options: DestinationWorkerOptions) {
    const { policy } = options.destination;
    this.breaker = new CircuitBreaker(policy.breakerFailureThreshold, policy.breakerOpenMs);
  }

  get destination(): Destination {
    return this.options.destination;
  }

  /** Creates the consumer group if it does not exist, then starts consuming. */
  async start(): Promise<void> {
    const { client, destination, group } = this.options;
    const { policy } = destination;
    // The store must not hand a command to another consumer while this one still retries it. Its
    // clock starts when it sends the command, so the budget covers the commands queued in front of
    // it here too: the buffer holds `depth` commands per delivery slot.
    const depth = Math.ceil(bufferSizeOf(destination) / policy.concurrency);
    const messageTimeout = Math.min(
      2 ** 31 - 1,
      depth * policy.maxAttempts * (policy.timeoutMs + policy.backoffMaxMs) + policy.breakerOpenMs + 60_000,
    );
    try {
      await client.createPersistentSubscriptionToAll(
        group,
        persistentSubscriptionToAllSettingsFromDefaults({
          consumerStrategyName: 'Pinned',
          startFrom: destination.startFrom === 'start' ? START : END,
          resolveLinkTos: false,
          messageTimeout,
          maxRetryCount: 10,
        }),
        { filter: eventTypeFilter({ regex: `^(${destination.commands.map(escapeRegex).join('|')})$` }) },
      );
    } catch (error) {
      if (!(error instanceof PersistentSubscriptionExistsError)) throw error;
    }
    this.subscribe();
  }

  /**
   * Graceful stop: takes no more commands, lets the requests in flight finish and records them,
   * abandons the waits between attempts (those commands come again on the next start), then
   * acknowledges and disconnects.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.reconnectTimer);
    this.stopSignal.abort();
    for (const wake of this.waiters.splice(0)) wake();
    this.subscription?.pause();
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
    await this.flushAcks();
    await this.subscription?.unsubscribe().catch(() => undefined);
    this.subscription = undefined;
  }

  /**
   * Drops the connection at once, as a killed process would: nothing more is sent, recorded or
   * acknowledged. Its unacknowledged commands go to the other workers (or come again on restart).
   */
  async kill(): Promise<void> {
    this.stopping = true;
    this.killed = true;
    this.killSwitch.abort();
    this.pendingAcks = [];
    clearTimeout(this.reconnectTimer);
    this.stopSignal.abort();
    for (const wake of this.waiters.splice(0)) wake();
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.unsubscribe().catch(() => undefined);
  }

  private subscribe(): void {
    if (this.stopping) return;
    const { client, group, destination } = this.options;
    // Messages decoded by Heed, everything else the client's (ADR 0082).
    const subscription = subscribeDecodedToAll(client, group, { bufferSize: bufferSizeOf(destination) });
    this.subscription = subscription;
    subscription.on('data', (event: PersistentSubscriptionToAllResolvedEvent) => this.take(event));
    const dropped = (error?: unknown): void => {
      if (this.subscription !== subscription || this.stopping) return;
      this.subscription = undefined;
      if (error instanceof Error)
        this.options.logger?.warn(`connect ${destination.name}: subscription dropped: ${error.message}`);
      this.reconnectTimer = setTimeout(() => this.subscribe(), this.options.reconnectDelayMs ?? 500);
    };
    subscription.on('error', dropped);
    subscription.on('close', () => dropped());
  }

  private take(event: PersistentSubscriptionToAllResolvedEvent): void {
    const recorded = event.event;
    if (recorded === undefined || this.stopping) return;
    // The store handed it again while this worker still retries it: the first handling acks it.
    if (this.inFlight.has(recorded.id)) return;
    this.inFlight.add(recorded.id);
    const data = recorded.data as Partial<CommandEvent> | undefined;
    const key = typeof data?.customerId === 'string' ? data.customerId : recorded.streamId;
    const previous = this.chains.get(key) ?? Promise.resolve();
    // `handle` does not reject; if it ever did, the customer's next commands must still run.
    const run = (): Promise<void> => this.handle(event, key);
    const next = previous.then(run, run);
    this.chains.set(key, next);
    this.work.add(next);
    void next.finally(() => {
      this.work.delete(next);
      this.inFlight.delete(recorded.id);
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  private async handle(event: PersistentSubscriptionToAllResolvedEvent, customerId: string): Promise<void> {
    if (this.stopping) return;
    const recorded = event.event!;
    await this.acquireSlot();
    try {
      if ((event.retryCount ?? 0) > 0) {
        const alreadySettled = await this.settledEarlier(customerId, recorded.id);
        if (this.killed) return;
        this.options.onRedelivered?.(alreadySettled);
        if (alreadySettled) {
          this.ack(event);
          this.settled += 1;
          return;
        }
      }
      const outcome = await this.deliver(event, customerId).catch(async (error: unknown) => {
        // A command this destination cannot even turn into a request (a template over data it
        // lacks): no attempt changes that. Parked at once, so the customer's next commands go on.
        const reason = `not delivered: ${error instanceof Error ? error.message : String(error)}`.slice(0, 1_000);
        this.options.logger?.error(
          `connect ${this.options.destination.name}: parked ${recorded.type} ${recorded.id}: ${reason}`,
        );
        const parked: DeliveryOutcome = {
          type: 'CommandParked',
          data: { ...this.factsOf(event, customerId), attempts: 0, lastStatus: null, lastError: reason },
        };
        if (!(await this.record(customerId, this.correlationOf(event), [parked]))) return 'not-recorded' as const;
        this.lastError.set(recorded.id, reason);
        return 'parked' as const;
      });
      if (outcome === 'abandoned' || this.killed) return;
      if (outcome === 'not-recorded') {
        await this.subscription?.nack('retry', 'could not record the delivery outcome', event).catch(() => undefined);
        return;
      }
      if (outcome === 'parked') {
        await this.flushAcks();
        await this.subscription
          ?.nack('park', this.lastError.get(recorded.id) ?? 'parked', event)
          .catch(() => undefined);
        this.lastError.delete(recorded.id);
      } else this.ack(event);
      this.settled += 1;
    } finally {
      this.releaseSlot();
    }
  }

  private readonly lastError = new Map<string, string>();

  /**
   * Whether a command the store hands out again (a worker died or its acknowledgement was lost
   * after the outcome was recorded) already reached this destination, or was held out from it: its
   * `CommandDelivered` or `CommandHeldOut` is among the customer's latest `SETTLED_LOOKBACK`
   * outcomes. It is then acknowledged, not sent again. Anything else — a parked command replayed,
   * an unreadable outcome stream — is delivered again: at least once stays the rule.
   */
  private async settledEarlier(customerId: string, commandId: string): Promise<boolean> {
    const destination = this.options.destination.name;
    let settled = false;
    try {
      // The page is read to its end: a read left early kept the client from closing in tests.
      for await (const { event } of this.options.client.readStream(deliveryStream(customerId), {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: SETTLED_LOOKBACK,
      })) {
        const data = event?.data as Partial<DeliveryFacts> | undefined;
        if (data?.commandId !== commandId || data.destination !== destination) continue;
        if (event!.type === 'CommandDelivered' || event!.type === 'CommandHeldOut') settled = true;
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) {
        this.options.logger?.warn(
          `connect ${destination}: could not read earlier outcomes of ${commandId}, delivering it again: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    return settled;
  }

  /** Attempts until delivered, parked or the worker stops; each outcome is appended before going on. */
  private async deliver(
    event: PersistentSubscriptionToAllResolvedEvent,
    customerId: string,
  ): Promise<'delivered' | 'held-out' | 'parked' | 'abandoned' | 'not-recorded'> {
    const recorded = event.event!;
    const { destination, logger } = this.options;
    const { policy } = destination;
    const stored: StoredCommand = {
      id: recorded.id,
      stream: recorded.streamId,
      revision: recorded.revision,
      // The engine writes the envelope as data and the command type as the event type.
      command: { ...(recorded.data as object), type: recorded.type } as CommandEvent,
    };
    const correlationId = this.correlationOf(event);
    const facts = (): DeliveryFacts => this.factsOf(event, customerId);
    const holdout = destination.holdout ?? 0;
    if (isHeldOut(customerId, holdout)) {
      const recordedOk = await this.record(customerId, correlationId, [
        { type: 'CommandHeldOut', data: { ...facts(), holdout } },
      ]);
      return recordedOk ? 'held-out' : 'not-recorded';
    }
    let last: Extract<AttemptResult, { outcome: 'failed' }> | undefined;
    for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
      if (!(await this.awaitBreaker())) return 'abandoned';
      await this.awaitRate();
      if (this.stopping) return 'abandoned';
      const result = await sendRequest(
        outboundRequest(destination, stored, Date.now()),
        policy.timeoutMs,
        this.killSwitch.signal,
      );
      if (this.killed) return 'abandoned';
      if (result.outcome === 'delivered') {
        this.breaker.succeeded();
        const recordedOk = await this.record(customerId, correlationId, [
          {
            type: 'CommandDelivered',
            data: { ...facts(), attempt, status: result.status, durationMs: result.durationMs },
          },
        ]);
        return recordedOk ? 'delivered' : 'not-recorded';
      }
      last = result;
      // A refusal of the request itself says nothing about the destination's health.
      if (result.retryable) this.breaker.failed();
      const final = !result.retryable || attempt === policy.maxAttempts;
      const retryInMs = final
        ? null
        : retryDelay(attempt, policy, (this.options.random ?? Math.random)(), result.retryAfterMs);
      const outcomes: DeliveryOutcome[] = [
        {
          type: 'CommandDeliveryFailed',
          data: {
            ...facts(),
            attempt,
            status: result.status,
            error: result.error,
            durationMs: result.durationMs,
            retryInMs,
          },
        },
      ];
      if (final) {
        outcomes.push({
          type: 'CommandParked',
          data: { ...facts(), attempts: attempt, lastStatus: result.status, lastError: result.error },
        });
        logger?.warn(
          `connect ${destination.name}: parked ${recorded.type} ${recorded.id} after ${attempt} attempts: ${result.error}`,
        );
      }
      if (!(await this.record(customerId, correlationId, outcomes))) return 'not-recorded';
      if (final) {
        this.lastError.set(recorded.id, `${attempt} attempts; last: ${result.error}`.slice(0, 1_000));
        return 'parked';
      }
      if (!(await this.sleep(retryInMs ?? 0))) return 'abandoned';
    }
    throw new Error(`unreachable: ${last?.error ?? ''}`);
  }

  /** What every outcome of this command says about it, at this moment. */
  private factsOf(event: PersistentSubscriptionToAllResolvedEvent, customerId: string): DeliveryFacts {
    const recorded = event.event!;
    return {
      version: 1,
      commandId: recorded.id,
      commandType: recorded.type,
      commandStream: recorded.streamId,
      commandRevision: recorded.revision.toString(),
      customerId,
      destination: this.options.destination.name,
      deliveryCount: (event.retryCount ?? 0) + 1,
      at: new Date().toISOString(),
    };
  }

  private correlationOf(event: PersistentSubscriptionToAllResolvedEvent): string {
    const metadata = event.event!.metadata as { $correlationId?: unknown } | undefined;
    return typeof metadata?.$correlationId === 'string' ? metadata.$correlationId : event.event!.id;
  }

  private async record(customerId: string, correlationId: string, outcomes: DeliveryOutcome[]): Promise<boolean> {
    if (this.killed) return false;
    try {
      await this.options.client.appendToStream(
        deliveryStream(customerId),
        outcomes.map((o) => outcomeEvent(o, correlationId)),
      );
      this.options.onRecorded?.(outcomes);
      return true;
    } catch (error) {
      this.options.logger?.error(
        `connect ${this.options.destination.name}: could not record an outcome: ${error instanceof Error ? error.message : String(error)}`,
      );
      return false;
    }
  }

  private ack(event: PersistentSubscriptionToAllResolvedEvent): void {
    if (this.killed) return;
    this.pendingAcks.push(event);
    if (this.ackScheduled) return;
    this.ackScheduled = true;
    setImmediate(() => void this.flushAcks());
  }

  private async flushAcks(): Promise<void> {
    this.ackScheduled = false;
    const batch = this.pendingAcks.splice(0);
    if (batch.length > 0) await this.subscription?.ack(...batch).catch(() => undefined);
  }

  /** Waits while the breaker is open; false when the worker stopped meanwhile. */
  private async awaitBreaker(): Promise<boolean> {
    for (;;) {
      if (this.stopping) return false;
      const permit = this.breaker.request();
      if (permit.granted) return true;
      if (!(await this.sleep(permit.waitMs))) return false;
    }
  }

  private async awaitRate(): Promise<void> {
    const rate = this.options.destination.policy.ratePerSecond;
    if (rate === undefined) return;
    const now = Date.now();
    const at = Math.max(now, this.nextSlotAt);
    this.nextSlotAt = at + 1000 / rate;
    if (at > now) await this.sleep(at - now);
  }

  private sleep(ms: number): Promise<boolean> {
    if (this.stopSignal.signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.stopSignal.signal.removeEventListener('abort', onStop);
        resolve(true);
      }, ms);
      const onStop = (): void => {
        clearTimeout(timer);
        resolve(false);
      };
      this.stopSignal.signal.addEventListener('abort', onStop, { once: true });
    });
  }

  private async acquireSlot(): Promise<void> {
    while (this.active >= this.options.destination.policy.concurrency && !this.stopping)
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.active += 1;
  }

  private releaseSlot(): void {
    this.active -= 1;
    this.waiters.shift()?.();
  }

  toString(): string {
    return describeDestination(this.options.destination);
  }
}
