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
import { subscribeDecoded } from './decoded-persistent-subscription';
import { PersistentSubscriptionContext } from './persistent-subscription.context';
import { backoffDelay, DEFAULT_STORE_BACKOFF, type StoreBackoff } from './store-backoff';
import { isStoreUnavailable } from './store-unavailable';
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
  /**
   * Failed attempts after which a message is parked, with the reason. Default 5. Failures because
   * the store cannot serve now (see `isStoreUnavailable`) do not count: they are not the message's.
   */
  readonly maxRetries?: number;
  /**
   * Whether a handler's failure is the store unable to serve now (unreachable, too slow, unable to
   * write) rather than the message's fault. Such a message stays in flight and is handled again
   * after a backoff, as often as it takes. Default: {@link isStoreUnavailable}.
   */
  readonly isStoreUnavailable?: (error: unknown) => boolean;
  /** Waits between those attempts. Default 100 ms doubling to 5 s, jittered. */
  readonly storeBackoff?: StoreBackoff;
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

/** How the handling of a message ended: handled, or let go for the store to deliver it again. */
type Ending = 'handled' | 'taken over' | 'handed back';

/** The store's id of a message, or a key of its own for a message without one. */
type MessageKey = string | symbol;

/** A message held in flight while the store cannot serve it. */
interface HeldMessage {
  /** The store delivered it again meanwhile, and that delivery handles it. */
  takenOver: boolean;
  /** Ends the wait before the next attempt, while it waits. */
  wake: (() => void) | undefined;
  /** The attempt under way, if any: a delivery that takes over waits for it to end. */
  attempt: Promise<void> | undefined;
}

/**
 * A NestJS transport that consumes an EventStoreDB persistent subscription. Each event goes to the
 * `@EventPattern` handler of its pattern; it is acknowledged only when the handler has finished
 * (so outputs are durable before the ack), retried when it failed, and parked with the reason once
 * it has failed `maxRetries` times, so that one poisoned event never holds up the others. With
 * the `Pinned` strategy, several engine replicas share the stream's events by original stream.
 *
 * A failure because the store cannot serve now (unreachable, too slow, its disk full) is not the
 * event's: the event stays in flight, unacknowledged, and is handled again after a backoff until it
 * succeeds or fails for a reason of its own, spending none of its retries (ADR 0077). It is handed
 * back to the store, neither acknowledged nor nacked, when this consumer closes or its subscription
 * drops meanwhile, or when the store delivers it again.
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
  /** Messages held while the store cannot serve them, by message. */
  private readonly held = new Map<MessageKey, HeldMessage>();
  /** When the store became unavailable to the messages held now (ms, `performance.now()`). */
  private unavailableSince: number | undefined;
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
    this.wakeHeld();
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
    // Messages decoded by Heed, everything else the client's (ADR 0082).
    const subscription = subscribeDecoded(client, stream, group, { bufferSize: this.options.bufferSize ?? 64 });
    this.subscription = subscription;
    this.acks = new AckBatcher((events) => subscription.ack(...events));
    subscription.on('confirmation', () => this._status$.next('connected'));
    subscription.on('data', (event: PersistentSubscriptionToStreamResolvedEvent) =>
      this.track(this.deliver(subscription, event)),
    );
    const dropped = (error?: unknown): void => {
      if (this.subscription !== subscription || this.closing) return;
      this.subscription = undefined;
      // The store delivers what this subscription held again, on the next one.
      this.wakeHeld();
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
    const key: MessageKey = messageIdOf(event) ?? Symbol('message without an id');
    // Delivered again while held (its message timeout passed meanwhile): this delivery takes over.
    const earlier = this.held.get(key);
    if (earlier !== undefined) {
      earlier.takenOver = true;
      earlier.wake?.();
      // The two deliveries never run the handler side by side.
      await earlier.attempt?.catch(() => undefined);
    }
    let outcome: SettledOutcome = 'acked';
    let ending: Ending = 'handled';
    try {
      ending = await this.handle(subscription, pattern, event, context, key);
      if (ending === 'handled') await this.acks?.ack(event);
      else outcome = 'retried';
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
      // Taken over, the event is still held here: by the delivery that took over.
      if (place !== undefined && ending !== 'taken over') this.progress.settled(place);
      this.options.onSettled?.(outcome);
    }
  }

  /**
   * Runs the handler until it succeeds, or fails for a reason of the message's own (thrown). While
   * it fails because the store cannot serve now, the message is held and handled again after a
   * backoff; ordering per stream and exactly-once outputs are the handler's (each attempt repeats
   * the same appends, with the same event ids and expected revisions). A held message is let go,
   * neither acknowledged nor nacked, when this consumer closes or its subscription drops (the store
   * delivers it again) or when the store delivers it again meanwhile (that delivery takes over).
   */
  private async handle(
    subscription: PersistentSubscriptionToStream,
    pattern: string,
    event: PersistentSubscriptionToStreamResolvedEvent,
    context: PersistentSubscriptionContext,
    key: MessageKey,
  ): Promise<Ending> {
    const unavailable = this.options.isStoreUnavailable ?? isStoreUnavailable;
    const backoff = this.options.storeBackoff ?? DEFAULT_STORE_BACKOFF;
    const held: HeldMessage = { takenOver: false, wake: undefined, attempt: undefined };
    let failures = 0;
    try {
      for (;;) {
        try {
          held.attempt = this.dispatch(pattern, event, context);
          await held.attempt;
          if (failures > 0) this.servedAgain();
          return 'handled';
        } catch (error) {
          // Taken over meanwhile, the failure is for the delivery that took over to judge.
          if (held.takenOver) return 'taken over';
          if (!unavailable(error)) throw error;
          if (failures++ === 0) this.hold(key, held, error);
        }
        if (this.endingOf(held, subscription) === undefined) await pause(held, backoffDelay(failures, backoff));
        const ending = this.endingOf(held, subscription);
        if (ending !== undefined) return ending;
      }
    } finally {
      if (failures > 0) this.release(key, held);
    }
  }

  /** How a held message ends without being handled here, if it does now. */
  private endingOf(held: HeldMessage, subscription: PersistentSubscriptionToStream): Ending | undefined {
    if (held.takenOver) return 'taken over';
    if (this.closing || this.subscription !== subscription) return 'handed back';
    return undefined;
  }

  private hold(key: MessageKey, held: HeldMessage, error: unknown): void {
    if (this.held.size === 0 && this.unavailableSince === undefined) {
      this.unavailableSince = performance.now();
      this.logger.warn?.(
        `The store cannot serve ${this.options.stream}::${this.options.group} now (${describeError(error)}); ` +
          'its messages stay in flight and are retried without spending their retries',
      );
    }
    this.held.set(key, held);
  }

  private release(key: MessageKey, held: HeldMessage): void {
    if (this.held.get(key) === held) this.held.delete(key);
    if (this.held.size === 0) this.unavailableSince = undefined;
  }

  /** A held message was handled: the store serves again (said once per outage). */
  private servedAgain(): void {
    if (this.unavailableSince === undefined) return;
    const seconds = ((performance.now() - this.unavailableSince) / 1000).toFixed(1);
    this.unavailableSince = undefined;
    this.logger.log?.(`The store serves ${this.options.stream}::${this.options.group} again, after ${seconds} s`);
  }

  /** Wakes every held message, which then sees that it ends here. */
  private wakeHeld(): void {
    for (const held of [...this.held.values()]) held.wake?.();
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

/** Waits `ms`, or less when the held message is woken. */
function pause(held: HeldMessage, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => held.wake?.(), ms);
    held.wake = () => {
      clearTimeout(timer);
      held.wake = undefined;
      resolve();
    };
  });
}

/** The id under which the store tracks a delivered message: its link's when it came through a link. */
function messageIdOf(event: PersistentSubscriptionToStreamResolvedEvent): string | undefined {
  return (event.link ?? event.event)?.id;
}

/**
 * The reason of a failure in words. Nest's exception layer may hand over a plain object
 * (`{ status, message }`) rather than the original Error. The client's errors keep the name
 * `Error`: their class names them.
 */
function describeError(error: unknown): string {
  if (error instanceof Error) {
    const name = error.name === 'Error' ? error.constructor.name : error.name;
    return error.message === '' ? name : `${name}: ${error.message}`;
  }
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
