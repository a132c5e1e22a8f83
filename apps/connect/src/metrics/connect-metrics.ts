import { metricOf } from '@heed/service';
import { Counter, type Registry } from 'prom-client';
import type { DeliveryOutcome } from '../delivery/delivery-outcome';

/** The outcome label of the outcome events; any other is labelled by its type without `Command`, in snake case. */
const OUTCOME_LABEL: Readonly<Partial<Record<DeliveryOutcome['type'], string>>> = {
  CommandDelivered: 'delivered',
  CommandDeliveryFailed: 'failed',
  CommandParked: 'parked',
  CommandHeldOut: 'held_out',
};

/**
 * Connect's metrics (docs/operations.md): delivery attempts by destination (names from the
 * connect file, so bounded) and outcome, counted once the outcome is recorded in the store.
 */
export class ConnectMetrics {
  private readonly deliveries: Counter<'destination' | 'outcome'>;
  private readonly redeliveries: Counter<'destination' | 'result'>;

  constructor(registry: Registry) {
    this.deliveries = metricOf(
      registry,
      'heed_connect_deliveries_total',
      () =>
        new Counter({
          name: 'heed_connect_deliveries_total',
          help: 'Delivery outcomes recorded, by destination and outcome: delivered, failed (to be retried), parked',
          labelNames: ['destination', 'outcome'] as const,
          registers: [registry],
        }),
    );
    this.redeliveries = metricOf(
      registry,
      'heed_connect_redeliveries_total',
      () =>
        new Counter({
          name: 'heed_connect_redeliveries_total',
          help:
            'Commands the store handed out again (a worker died or an acknowledgement was lost), by destination ' +
            'and result: already_settled (acknowledged without a request), attempted (sent again)',
          labelNames: ['destination', 'result'] as const,
          registers: [registry],
        }),
    );
  }

  /** A command handed out again to `destination`: already settled, or attempted again. */
  redelivered(destination: string, alreadySettled: boolean): void {
    this.redeliveries.inc({ destination, result: alreadySettled ? 'already_settled' : 'attempted' });
  }

  recorded(outcomes: readonly DeliveryOutcome[]): void {
    for (const o of outcomes) {
      this.deliveries.inc({ destination: o.data.destination, outcome: OUTCOME_LABEL[o.type] ?? labelOf(o.type) });
    }
  }
}

const labelOf = (type: string): string =>
  type
    .replace(/^Command/, '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
