import {
  BACKWARDS,
  END,
  START,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
  type Position,
} from '@eventstore/db-client';
import { DELIVERY_CATEGORY } from '../delivery/delivery-outcome';
import type { CustomerRecord, RecordedChange, RecordedCommand } from './customer-record';

/** Category of the engine's output streams (docs/streams.md). */
const LIFECYCLE_CATEGORY = 'lifecycle';

interface Building {
  changes: RecordedChange[];
  commands: RecordedCommand[];
  deliveries: Map<string, string[]>;
}

/**
 * Reads every customer's lifecycle outputs and delivery outcomes from the store, read-only: one
 * pass over `$all` filtered by stream name on the server (`lifecycle-`, `delivery-`), so it needs
 * no projection and runs the same on EventStoreDB and the embedded store.
 */
export async function readCustomerRecords(client: EventStoreDBClient): Promise<CustomerRecord[]> {
  const customers = new Map<string, Building>();
  const of = (customerId: string): Building => {
    let b = customers.get(customerId);
    if (b === undefined) customers.set(customerId, (b = { changes: [], commands: [], deliveries: new Map() }));
    return b;
  };
  const lifecycle = `${LIFECYCLE_CATEGORY}-`;
  const delivery = `${DELIVERY_CATEGORY}-`;
  const take = ({ event }: AllStreamResolvedEvent): void => {
    if (event === undefined || !event.isJson) return;
    const data = event.data as Record<string, unknown>;
    if (event.streamId.startsWith(lifecycle)) {
      const customerId = event.streamId.slice(lifecycle.length);
      if (event.type === 'StateChanged') {
        const cause = data['cause'] as { type?: unknown } | undefined;
        of(customerId).changes.push({
          revision: event.revision,
          at: String(data['at']),
          from: data['from'] ?? null,
          to: data['to'],
          causeType: typeof cause?.type === 'string' ? cause.type : '',
        });
      } else if (event.type.endsWith('Requested') && typeof data['requestedAt'] === 'string') {
        of(customerId).commands.push({
          id: event.id,
          type: event.type,
          revision: event.revision,
          requestedAt: data['requestedAt'],
        });
      }
    } else {
      const customerId = event.streamId.slice(delivery.length);
      const commandId = data['commandId'];
      if (typeof commandId !== 'string') return;
      const outcomes = of(customerId).deliveries;
      const list = outcomes.get(commandId);
      if (list === undefined) outcomes.set(commandId, [event.type]);
      else list.push(event.type);
    }
  };
  const end = await lastPosition(client);
  if (end !== undefined) await readFilteredAll(client, [lifecycle, delivery], end, take);
  return [...customers].map(([customerId, b]) => ({ customerId, ...b }));
}

const atOrAfter = (a: Position, b: Position): boolean =>
  a.commit > b.commit || (a.commit === b.commit && a.prepare >= b.prepare);

/** The position of the last event in `$all` now, or undefined in an empty store. */
async function lastPosition(client: EventStoreDBClient): Promise<Position | undefined> {
  let position: Position | undefined;
  for await (const { event } of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }))
    position = event?.position;
  return position;
}

/**
 * Reads `$all` up to `end`, filtered by stream-name prefixes on the server. The client's `readAll`
 * takes no filter, so this is a catch-up subscription that ends at `end`: at an event there, at a
 * filter checkpoint there (the store's way of saying it searched that far), or when caught up.
 */
function readFilteredAll(
  client: EventStoreDBClient,
  prefixes: string[],
  end: Position,
  take: (event: AllStreamResolvedEvent) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      void subscription.unsubscribe().then(resolve, reject);
    };
    const subscription = client.subscribeToAll({
      fromPosition: START,
      filter: streamNameFilter({
        prefixes,
        checkpointInterval: 1,
        checkpointReached: (_subscription, position) => {
          if (atOrAfter(position, end)) finish();
        },
      }),
    });
    subscription.on('data', (resolved: AllStreamResolvedEvent) => {
      if (done) return;
      take(resolved);
      const position = resolved.event?.position;
      if (position !== undefined && atOrAfter(position, end)) finish();
    });
    subscription.on('caughtUp', finish);
    // `on`, not `once`: a late status after the first error (a dropped connection) must not throw.
    subscription.on('error', (error) => {
      if (!done) reject(error);
    });
  });
}
