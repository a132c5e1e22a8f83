import type { EventStoreDBClient, RecordedEvent, ResolvedEvent } from '@eventstore/db-client';
import { readLastEvent, readPage } from '@heed/actors';
import { deliveryStream } from '@heed/connect';
import type { TimelineItem, TimelinePage } from '@heed/statechart';
import { Inject, Injectable } from '@nestjs/common';
import { ACTOR_KIND, STORE_CLIENT, type ActorKind } from '../../engine-options';
import { CustomerQueryError } from '../customer-query.error';
import { summariseDeliveries } from './deliveries';
import { interleave, type Sided } from './interleave';
import { encodeCursor, TIMELINE_START, type TimelineAfter, type TimelineCursor } from './timeline-cursor';
import { causationRevisionOf, inputItem, outputItem } from './timeline-item';
import type { TimelineQuery } from './timeline-query';

/** Delivery outcomes read for a timeline page: every attempt of a customer's commands, bounded. */
const MAX_DELIVERY_EVENTS = 5_000;

const recorded = (page: readonly ResolvedEvent[]): RecordedEvent[] =>
  page.flatMap(({ event }) => (event === undefined ? [] : [event]));

/**
 * A customer's timeline: its input stream and its output stream interleaved, each input followed
 * by the outputs its fold wrote. A page reads forward from its cursor at most `limit` events of
 * each stream, however long they are.
 */
@Injectable()
export class CustomerTimeline {
  constructor(
    @Inject(STORE_CLIENT) private readonly client: EventStoreDBClient,
    @Inject(ACTOR_KIND) private readonly kind: ActorKind,
  ) {}

  async page(customerId: string, { after, limit }: TimelineQuery): Promise<TimelinePage> {
    const { streams, definition } = this.kind;
    const from = await this.cursorOf(customerId, after);
    // Inputs first: every input read was written before the outputs read after it, so an input
    // shown without outputs was not processed yet (or wrote none).
    const inputs = recorded(await readPage(this.client, streams.input(customerId), from.input, limit));
    const outputs = recorded(await readPage(this.client, streams.output(customerId), from.output, limit));
    const atStart = from.input === TIMELINE_START.input && from.output === TIMELINE_START.output;
    if (atStart && inputs.length === 0 && outputs.length === 0) {
      throw new CustomerQueryError('CUSTOMER_NOT_FOUND', `customer ${customerId} has no events`);
    }
    const page = interleave(
      inputs.map((event): Sided<RecordedEvent> => ({ side: 'input', revision: event.revision, event })),
      outputs.map((event): Sided<RecordedEvent> => ({
        side: 'output',
        revision: event.revision,
        causedBy: causationRevisionOf(event),
        event,
      })),
      from,
      limit,
      { inputs: inputs.length === limit, outputs: outputs.length === limit },
    );
    const items = page.items.map(({ side, event }) =>
      side === 'input' ? inputItem(definition, event) : outputItem(event),
    );
    return { items: await this.withDeliveries(customerId, items), next: page.done ? null : encodeCursor(page.cursor) };
  }

  /**
   * The page's commands with connect's outcomes for them, read from `delivery-<customerId>` (its
   * first `MAX_DELIVERY_EVENTS` events): only when the page holds a command.
   */
  private async withDeliveries(customerId: string, items: TimelineItem[]): Promise<TimelineItem[]> {
    if (!items.some((item) => item.kind === 'command')) return items;
    const outcomes = recorded(await readPage(this.client, deliveryStream(customerId), 0n, MAX_DELIVERY_EVENTS));
    if (outcomes.length === 0) return items;
    const byCommand = summariseDeliveries(outcomes);
    return items.map((item) => {
      const deliveries = item.kind === 'command' ? byCommand.get(item.eventId) : undefined;
      return deliveries === undefined ? item : { ...item, deliveries };
    });
  }

  /** The cursor right after `after`: given, or found from an item's position. */
  private async cursorOf(customerId: string, after: TimelineAfter): Promise<TimelineCursor> {
    if (after.kind === 'cursor') return after.cursor;
    if (after.kind === 'input') {
      return { input: after.revision + 1n, output: await this.firstOutputOf(customerId, after.revision) };
    }
    const [output] = recorded(await readPage(this.client, this.kind.streams.output(customerId), after.revision, 1));
    const causedBy = output === undefined ? undefined : causationRevisionOf(output);
    if (causedBy === undefined) {
      throw new CustomerQueryError(
        'INVALID_CURSOR',
        `after: customer ${customerId} has no output with a cause at revision ${after.revision}`,
        'after',
      );
    }
    return { input: causedBy + 1n, output: after.revision + 1n };
  }

  /**
   * The revision of the first output written by input `revision` or a later one. Outputs are
   * appended in input order, so their causation revisions never decrease: a binary search reads
   * a few events, not the stream.
   */
  private async firstOutputOf(customerId: string, revision: bigint): Promise<bigint> {
    const stream = this.kind.streams.output(customerId);
    const last = (await readLastEvent(this.client, stream))?.event?.revision;
    let low = 0n;
    let high = last === undefined ? 0n : last + 1n;
    while (low < high) {
      const middle = (low + high) / 2n;
      const [output] = recorded(await readPage(this.client, stream, middle, 1));
      const causedBy = output === undefined ? undefined : causationRevisionOf(output);
      if (causedBy !== undefined && causedBy >= revision) high = middle;
      else low = middle + 1n;
    }
    return low;
  }
}
