import { StreamNotFoundError, type EventStoreDBClient } from '@eventstore/db-client';

/** Injection token of the readiness check's store probe. */
export const STORE_PROBE = Symbol('STORE_PROBE');

/** A stream no one writes: reading it costs the store one index lookup and needs no special rights. */
const PROBE_STREAM = 'heed-readiness-probe';

/** Whether the store answers now: one read, with a deadline. */
export type StoreProbe = () => Promise<{ readonly ok: true } | { readonly ok: false; readonly reason: string }>;

/** What ingest's readiness is built from: the probe, and the Retry-After of a "not ready" answer. */
export interface StoreReadiness {
  readonly probe: StoreProbe;
  readonly retryAfterSeconds: number;
}

/**
 * A probe that reads one stream that does not exist: "not found" is an answer, so the store is up.
 * Neither `$all` nor a `$`-stream, which a store with access control keeps to administrators.
 */
export function storeProbe(client: EventStoreDBClient, deadlineMs: number): StoreProbe {
  return async () => {
    try {
      for await (const _ of client.readStream(PROBE_STREAM, { maxCount: 1, deadline: deadlineMs })) {
        // Read to the end: leaving a read early leaves its call open.
      }
      return { ok: true };
    } catch (error) {
      if (error instanceof StreamNotFoundError) return { ok: true };
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  };
}
