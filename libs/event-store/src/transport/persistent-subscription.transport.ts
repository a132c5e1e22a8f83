import {
  PersistentSubscriptionExistsError,
  START,
  persistentSubscriptionToStreamSettingsFromDefaults,
  type EventStoreDBClient,
  type PersistentSubscriptionToStream,
  type PersistentSubscriptionToStreamResolvedEvent,
  type PersistentSubscriptionToStreamSettings,
} from '@eventstore/db-client';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { AckBatcher } from './ack-batcher';
import { PersistentSubscriptionContext } from './persistent-subscription.context';
import { placeOf, SubscriptionProgress } from './subscription-progress';

/** How the handling of a delivered event ended. */
export type SettledOutcome = 'acked' | 'retried' | 'parked';

export interface PersistentSubscriptionTransportOptions {
  readonly client: EventStoreDBClient;
  /** The stream to consume, e.g. `$ce-customer` (link events, resolved). */
  readonly stream: string;
  readonly group: string;
  /** Settings of the group when this transport creates it. Default: Pinned, resolve links, from start. */
  readonly settings?: Partial<PersistentSubscriptionToStreamSettings>;
  /** Failed attempts after which a message is parked, with the reason. Default 5. */
  readonly maxRetries?: number;
  /** Messages the store may have in flight to this consumer. Default 64. */
  readonly bufferSize?: number;
  /** The handler pattern of an event. Default: the constant `event`. */
  readonly patternOf?: (event: PersistentSubscriptionToStreamResolvedEvent) => string;
  /** Delay before resubscribing after the subscription dropped. Default 500 ms. */
  readonly reconnectDelayMs?: number;
  /** Told how the handling of each event ended (metrics); cheap and never throwing. */
  readonly onSettled?: (outcome: SettledOutcome) => void;
}

type Status = 'connecting' | 'connected' | 'disconnected' | 'closed';

/**
 * A NestJS transport that consumes an EventStoreDB persistent subscription. Each event goes to the
 * `@EventPattern` handler of its pattern; it is acknowledged only when the handler has finished
 * (so outputs are durable before the ack), retried when it failed, and parked with the reason once
 * it has failed `maxRetries` times, so that one poisoned event never holds up the others. With
 * the `Pinned` strategy, several engine replicas share the stream's events by original stream.
 */
export class PersistentSubscriptionTransport
  extends Server<Record<string, never>, Status>
  implements CustomTransportStrategy
{
  override readonly propagatesEventHandlerErrors = true;
  private subscription: PersistentSubscriptionToStream | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private closing = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private acks: AckBatcher<PersistentSubscriptionToStreamResolvedEvent> | undefined;
  private readonly handlerOf = new Map<string, MessageHandler>();
  /** How far this consumer has got in the stream: what it holds and what it settled. */
  readonly progress = new SubscriptionProgress();

  constructor(private readonly options: PersistentSubscriptionTransportOptions) {
    super();
  }

  /** Settings of the consumer group this transport creates when it does not exist. */
  static defaultSettings(): PersistentSubscriptionToStreamSettings {
    return persistentSubscriptionToStreamSettingsFromDefaults({
      consumerStrategyName: 'Pinned',
      resolveLinkTos: true,
      startFrom: START,
      messageTimeout: 30_000,
    });
  }

  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    try {
      await this.ensureGroup();
      this.subscribe();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Stops taking events, lets the handlers in flight finish and acknowledge, then disconnects. */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.reconnectTimer);
    const subscription = this.subscription;
    subscription?.pause();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await subscription?.unsubscribe().catch(() => undefined);
    this._status$.next('closed');
  }

  on(): never {
    throw new Error('PersistentSubscriptionTransport emits no events; observe `status` instead.');
  }

  unwrap<T>(): T {
    return this.subscription as T;
  }

  /** Messages being handled now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private async ensureGroup(): Promise<void> {
    const { client, stream, group } = this.options;
    const settings = { ...PersistentSubscriptionTransport.defaultSettings(), ...this.options.settings };
    try {
      await client.createPersistentSubscriptionToStream(stream, group, settings);
    } catch (error) {
      if (!(error instanceof PersistentSubscriptionExistsError)) throw error;
    }
  }

  private subscribe(): void {
    if (this.closing) return;
    this._status$.next('connecting');
    const { client, stream, group } = this.options;
    const subscription = client.subscribeToPersistentSubscriptionToStream(stream, group, {
      bufferSize: this.options.bufferSize ?? 64,
    });
    this.subscription = subscription;
    this.acks = new AckBatcher((events) => subscription.ack(...events));
    subscription.on('confirmation', () => this._status$.next('connected'));
    subscription.on('data', (event: PersistentSubscriptionToStreamResolvedEvent) =>
      this.track(this.deliver(subscription, event)),
    );
    const dropped = (error?: unknown): void => {
      if (this.subscription !== subscription || this.closing) return;
      this.subscription = undefined;
      this._status$.next('disconnected');
      if (error instanceof Error) this.logger.warn?.(`Subscription to ${stream}::${group} dropped: ${error.message}`);
      this.reconnectTimer = setTimeout(() => this.subscribe(), this.options.reconnectDelayMs ?? 500);
    };
    subscription.on('error', dropped);
    subscription.on('close', () => dropped());
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async deliver(
    subscription: PersistentSubscriptionToStream,
    event: PersistentSubscriptionToStreamResolvedEvent,
  ): Promise<void> {
    const retryCount = event.retryCount ?? 0;
    const pattern = this.options.patternOf?.(event) ?? 'event';
    const context = new PersistentSubscriptionContext([event, retryCount]);
    const place = placeOf(event);
    if (place !== undefined) this.progress.received(place);
    let outcome: SettledOutcome = 'acked';
    try {
      await this.dispatch(pattern, event, context);
      await this.acks?.ack(event);
    } catch (error) {
      const reason = describeError(error);
      const park = retryCount + 1 >= (this.options.maxRetries ?? 5);
      outcome = park ? 'parked' : 'retried';
      if (park) {
        this.logger.error?.({
          msg: `Parking ${describe(event)} after ${retryCount + 1} attempts: ${reason}`,
          correlationId: correlationOf(event),
        });
      }
      await subscription.nack(park ? 'park' : 'retry', reason.slice(0, 1_000), event).catch(() => undefined);
    } finally {
      if (place !== undefined) this.progress.settled(place);
      this.options.onSettled?.(outcome);
    }
  }

  private async dispatch(
    pattern: string,
    event: PersistentSubscriptionToStreamResolvedEvent,
    context: PersistentSubscriptionContext,
  ): Promise<void> {
    // Nest parses the pattern on every lookup; the handlers are fixed once listening.
    let handler = this.handlerOf.get(pattern) ?? null;
    if (handler === null) {
      handler = this.getHandlerByPattern(pattern);
      if (handler === null) throw new Error(`No handler for pattern ${JSON.stringify(pattern)}`);
      this.handlerOf.set(pattern, handler);
    }
    const result: unknown = await handler(event, context);
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }
}

/**
 * The reason of a failure in words. Nest's exception layer may hand over a plain object
 * (`{ status, message }`) rather than the original Error.
 */
function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (typeof error === 'object' && error !== null) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    if (typeof message === 'string') return typeof name === 'string' ? `${name}: ${message}` : message;
    return JSON.stringify(error) ?? 'unknown error';
  }
  return String(error);
}

/** The correlation id an event carries in its metadata (`$correlationId`), else its own id. */
function correlationOf(event: PersistentSubscriptionToStreamResolvedEvent): string | undefined {
  const metadata = event.event?.metadata as { $correlationId?: unknown } | undefined;
  return typeof metadata?.$correlationId === 'string' ? metadata.$correlationId : event.event?.id;
}

function describe(event: PersistentSubscriptionToStreamResolvedEvent): string {
  const original = event.event;
  return original === undefined ? 'an unresolved link' : `${original.streamId}@${original.revision} (${original.type})`;
}
