import type { RecordedEvent } from '@eventstore/db-client';
import type { DeliverySummary } from '@heed/statechart';

const OUTCOMES: Readonly<Record<string, DeliverySummary['outcome']>> = {
  CommandDelivered: 'delivered',
  CommandDeliveryFailed: 'failed',
  CommandParked: 'parked',
  CommandHeldOut: 'held-out',
};

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const number = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/**
 * Each command's deliveries, by command id and destination in the order they first appear, from
 * the outcome events of a customer's delivery stream (in stream order). Events of other types, or
 * without a command id and destination, are skipped.
 */
export function summariseDeliveries(events: readonly RecordedEvent[]): Map<string, DeliverySummary[]> {
  const byCommand = new Map<string, Map<string, DeliverySummary>>();
  for (const event of events) {
    const outcome = OUTCOMES[event.type];
    const data = (event.data ?? {}) as Record<string, unknown>;
    const commandId = text(data['commandId']);
    const destination = text(data['destination']);
    if (outcome === undefined || commandId === null || destination === null) continue;
    let destinations = byCommand.get(commandId);
    if (destinations === undefined) byCommand.set(commandId, (destinations = new Map<string, DeliverySummary>()));
    const before = destinations.get(destination);
    const attempted = outcome === 'delivered' || outcome === 'failed' ? 1 : 0;
    destinations.set(destination, {
      destination,
      outcome,
      attempts: (before?.attempts ?? 0) + attempted,
      at: text(data['at']),
      status: number(data['status']) ?? number(data['lastStatus']),
      error: text(data['error']) ?? text(data['lastError']),
    });
  }
  return new Map([...byCommand].map(([commandId, destinations]) => [commandId, [...destinations.values()]]));
}
