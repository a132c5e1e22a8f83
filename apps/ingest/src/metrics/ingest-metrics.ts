import { metricOf } from '@heed/service';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { EventResult } from '../collect/event-result';

/** Store operations ingest times. */
export type StoreOperation = 'append' | 'read';

/** How a store call ended: answered, refused by the store (a conflict), or the store could not answer. */
export type StoreCallOutcome = 'ok' | 'error' | 'unavailable';

/**
 * Ingest's metrics (docs/operations.md). Counters by outcome and code only, never by customer,
 * source or key: the label sets stay bounded whatever producers send.
 */
export class IngestMetrics {
  private readonly calls: Counter<'outcome' | 'code'>;
  private readonly accepted: Counter.Internal;
  private readonly duplicate: Counter.Internal;
  private readonly errors: Counter<'code'>;
  private readonly storeCalls: Histogram<'operation' | 'outcome'>;
  private readonly storeCallChildren = new Map<string, Histogram.Internal<'operation' | 'outcome'>>();
  private inFlight: () => number = () => 0;

  constructor(registry: Registry) {
    this.calls = metricOf(
      registry,
      'heed_ingest_calls_total',
      () =>
        new Counter({
          name: 'heed_ingest_calls_total',
          help: 'Calls (events) received, by outcome (accepted, duplicate, rejected) and, when rejected, error code',
          labelNames: ['outcome', 'code'] as const,
          registers: [registry],
        }),
    );
    this.accepted = this.calls.labels('accepted', '');
    this.duplicate = this.calls.labels('duplicate', '');
    this.errors = metricOf(
      registry,
      'heed_ingest_request_errors_total',
      () =>
        new Counter({
          name: 'heed_ingest_request_errors_total',
          help: 'Requests answered with an error, by error code (401, 413, 429, 503 … and 400 for a rejected call)',
          labelNames: ['code'] as const,
          registers: [registry],
        }),
    );
    this.storeCalls = metricOf(
      registry,
      'heed_ingest_store_call_duration_seconds',
      () =>
        new Histogram({
          name: 'heed_ingest_store_call_duration_seconds',
          help: 'Time of one call from ingest to the event store, by operation and outcome',
          labelNames: ['operation', 'outcome'] as const,
          buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
          registers: [registry],
        }),
    );
    const inFlight = () => this.inFlight();
    metricOf(
      registry,
      'heed_ingest_requests_in_flight',
      () =>
        new Gauge({
          name: 'heed_ingest_requests_in_flight',
          help: 'Collection requests (/v1/*) being processed now; beyond HEED_INGEST_MAX_IN_FLIGHT they are refused with 429',
          registers: [registry],
          collect() {
            this.set(inFlight());
          },
        }),
    );
  }

  /** Reads the number of requests in progress from the in-flight limit. */
  watchInFlight(inFlight: () => number): void {
    this.inFlight = inFlight;
  }

  /** Counts what became of each call of a request. */
  countResults(results: readonly EventResult[]): void {
    for (const result of results) {
      if (result.status === 'accepted') this.accepted.inc();
      else if (result.status === 'duplicate') this.duplicate.inc();
      else if (result.status === 'rejected') this.calls.inc({ outcome: 'rejected', code: result.code });
    }
  }

  /** Counts an error answer. */
  countError(code: string): void {
    this.errors.inc({ code });
  }

  /** Times one store call. */
  observeStoreCall(operation: StoreOperation, outcome: StoreCallOutcome, seconds: number): void {
    // One child per label pair, looked up once: `observe(labels, …)` hashes the labels every call.
    const key = `${operation}/${outcome}`;
    let child = this.storeCallChildren.get(key);
    if (child === undefined) {
      child = this.storeCalls.labels(operation, outcome);
      this.storeCallChildren.set(key, child);
    }
    child.observe(seconds);
  }
}
