/** Ingest's own event types, next to the catalog's signal types. */
export const UNPLANNED_EVENT_TYPE = 'UnplannedEvent';
export const CUSTOMER_IDENTIFIED_TYPE = 'CustomerIdentified';
export const CUSTOMER_ALIASED_TYPE = 'CustomerAliased';

/** Metadata stored with every ingested event (docs/ingest.md, "What is stored"). */
export interface IngestMetadata {
  /** The producer's `messageId`, or the one ingest generated (then `messageIdGenerated` is set). */
  readonly messageId: string;
  readonly messageIdGenerated?: true;
  readonly receivedAt: string;
  readonly sentAt?: string;
  /** Which write key sent it: an id derived from the key, never the key. */
  readonly writeKeyId: string;
  readonly catalogVersion: string;
  readonly anonymousId?: string;
  /** The HTTP request that appended it: tells a first write from a retry's no-op. */
  readonly $correlationId: string;
  /** Fingerprint of the producer's payload: tells a retry from a conflicting messageId. */
  readonly payloadHash: string;
  /** Set on events whose name is not in the catalog (accepted under `HEED_UNKNOWN_EVENTS=accept`). */
  readonly unplanned?: true;
  /** Set on a copy of an anonymous event into its customer's stream: the anonymous stream it came from. */
  readonly copiedFrom?: string;
}

/** A valid event, ready to append: where, with which id, and what. */
export interface PreparedEvent {
  readonly eventId: string;
  /** Customer id when known (`userId`), else undefined: the event then waits in its anonymous stream. */
  readonly customerId?: string;
  readonly anonymousId?: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: IngestMetadata;
  /** For `identify` calls carrying both ids, and `alias` calls: the anonymous id to link to the customer. */
  readonly links?: { readonly anonymousId: string; readonly customerId: string };
}
