import { jsonEvent, NO_STREAM, StreamNotFoundError, WrongExpectedVersionError } from '@eventstore/db-client';
import { customerStream } from '@heed/event-store';
import { eventIdOf } from '../envelope/event-id';
import type { PreparedEvent } from '../envelope/prepared-event';
import { storeCall } from '../store/store-call';
import type { WriterOptions } from '../store/event-writer';
import { aliasStream, ANONYMOUS_ID_LINKED_TYPE, anonymousStream } from './identity-streams';

/**
 * Makes a visitor's anonymous events the customer's once an `identify` links the two ids
 * (docs/identity.md). The link is the first `AnonymousIdLinked` event in `alias-<anonymousId>`
 * (written with expected revision `no_stream`, so the first identify wins); the anonymous events are
 * then copied into `customer-<id>` with their own event ids, so copying twice writes nothing twice.
 *
 * Race: an anonymous event written while a link is made is caught by either side. The linker
 * writes the link and then reads the anonymous stream; the writer of an anonymous event writes it
 * and then reads the link. One of the two reads sees the other's write.
 */
export class IdentityLinker {
  /** Links are permanent, so known ones are cached (bounded). */
  private readonly links = new Map<string, string>();
  private static readonly LINK_LIMIT = 100_000;

  constructor(private readonly options: WriterOptions) {}

  /** The stream an event goes to: its customer's, or its anonymous id's until that is linked. */
  streamOf(event: PreparedEvent): { stream: string; event: PreparedEvent } {
    if (event.customerId !== undefined) return { stream: customerStream(event.customerId), event };
    const anonymousId = event.anonymousId!;
    const customerId = this.links.get(anonymousId);
    if (customerId === undefined) return { stream: anonymousStream(anonymousId), event };
    return { stream: customerStream(customerId), event: asCustomers(event, customerId, undefined) };
  }

  /** After anonymous events were appended: if their id was linked meanwhile, copy them over. */
  async afterAnonymous(anonymousId: string): Promise<void> {
    const customerId = await this.readLink(anonymousId);
    if (customerId !== undefined) await this.copyAll(anonymousId, customerId);
  }

  /** Links an anonymous id to a customer (first link wins) and copies the anonymous events over. */
  async link(anonymousId: string, customerId: string, sourceId: string): Promise<void> {
    let linked = this.links.get(anonymousId);
    if (linked === undefined) {
      try {
        await storeCall(
          () =>
            this.options.client.appendToStream(
              aliasStream(anonymousId),
              jsonEvent({
                id: eventIdOf(sourceId, `alias:${anonymousId}`),
                type: ANONYMOUS_ID_LINKED_TYPE,
                data: { anonymousId, customerId },
              }),
              { expectedRevision: NO_STREAM, deadline: this.options.timeoutMs },
            ),
          this.options.retryAfterSeconds,
          { operation: 'append', observe: this.options.observe, deadlineMs: this.options.timeoutMs },
        );
        linked = customerId;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        linked = await this.readLink(anonymousId);
      }
      if (linked !== undefined) this.remember(anonymousId, linked);
    }
    if (linked === customerId) await this.copyAll(anonymousId, customerId);
  }

  private async readLink(anonymousId: string): Promise<string | undefined> {
    const cached = this.links.get(anonymousId);
    if (cached !== undefined) return cached;
    const found = await storeCall(
      async () => {
        // Read to the end of the call (one event at most): leaving the loop early leaves a call open
        // that the client never closes, and `dispose()` then waits for it forever.
        let linked: string | undefined;
        try {
          for await (const resolved of this.options.client.readStream(aliasStream(anonymousId), {
            maxCount: 1,
            deadline: this.options.timeoutMs,
          })) {
            const data = resolved.event?.data as { customerId?: unknown } | undefined;
            if (typeof data?.customerId === 'string') linked = data.customerId;
          }
        } catch (error) {
          if (error instanceof StreamNotFoundError) return undefined;
          throw error;
        }
        return linked;
      },
      this.options.retryAfterSeconds,
      { operation: 'read', observe: this.options.observe },
    );
    if (found !== undefined) this.remember(anonymousId, found);
    return found;
  }

  private async copyAll(anonymousId: string, customerId: string): Promise<void> {
    const from = anonymousStream(anonymousId);
    const events = await storeCall(
      async () => {
        const all: Array<{ id: string; type: string; data: unknown; metadata: unknown }> = [];
        try {
          for await (const resolved of this.options.client.readStream(from, { deadline: this.options.timeoutMs })) {
            const e = resolved.event;
            if (e !== undefined) all.push({ id: e.id, type: e.type, data: e.data, metadata: e.metadata });
          }
        } catch (error) {
          if (!(error instanceof StreamNotFoundError)) throw error;
        }
        return all;
      },
      this.options.retryAfterSeconds,
      { operation: 'read', observe: this.options.observe },
    );
    // One append per event: store idempotency is exact for single-event appends, so copying again
    // (a retried identify, both sides of the race) writes nothing again.
    for (const e of events) {
      await storeCall(
        () =>
          this.options.client.appendToStream(
            customerStream(customerId),
            jsonEvent({
              id: e.id,
              type: e.type,
              data: { ...(e.data as Record<string, unknown>), customerId } as never,
              metadata: { ...(e.metadata as Record<string, unknown>), copiedFrom: from },
            }),
            { deadline: this.options.timeoutMs },
          ),
        this.options.retryAfterSeconds,
        { operation: 'append', observe: this.options.observe, deadlineMs: this.options.timeoutMs },
      );
    }
  }

  private remember(anonymousId: string, customerId: string): void {
    if (this.links.size >= IdentityLinker.LINK_LIMIT) this.links.clear();
    this.links.set(anonymousId, customerId);
  }
}

/** An anonymous event as it is stored in its customer's stream. */
export function asCustomers(event: PreparedEvent, customerId: string, copiedFrom: string | undefined): PreparedEvent {
  return {
    ...event,
    customerId,
    data: { ...event.data, customerId },
    metadata: { ...event.metadata, ...(copiedFrom !== undefined && { copiedFrom }) },
  };
}
