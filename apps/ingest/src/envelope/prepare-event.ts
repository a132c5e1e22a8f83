import { IngestError } from '../errors/ingest-error';
import type { UnknownEventPolicy } from '../ingest.config';
import { callSignal } from './call-signal';
import { eventIdOf } from './event-id';
import type { EventCatalog } from './event-catalog';
import { occurredAt } from './event-time';
import { callPayloadHash } from './payload-hash';
import {
  CUSTOMER_ALIASED_TYPE,
  CUSTOMER_IDENTIFIED_TYPE,
  type IngestMetadata,
  type PreparedEvent,
  UNPLANNED_EVENT_TYPE,
} from './prepared-event';
import type { ValidCall } from './read-call';

/** The context fields kept with an event: what describes the device and page, not the network (no IP). */
const KEPT_CONTEXT = [
  'app',
  'campaign',
  'device',
  'library',
  'locale',
  'os',
  'page',
  'screen',
  'timezone',
  'userAgent',
];

/** What ingest knows about the request an event came in. */
export interface Receipt {
  readonly writeKeyId: string;
  /** The source of the write key: the scope of deduplication (docs/adr/0060). */
  readonly sourceId: string;
  readonly correlationId: string;
  /** Milliseconds since the epoch, from the service clock. */
  readonly receivedAt: number;
}

/** The parts of the configuration that shape an event. */
export interface PreparePolicy {
  readonly catalog: EventCatalog;
  readonly unknownEvents: UnknownEventPolicy;
  readonly maxFutureMs: number;
}

/**
 * Turns a valid Segment call into the event to append: identify and alias calls become ingest's own
 * events, the others their catalog signal (`callSignal`) with the properties validated against the
 * catalog's schema. Corrects the event's time and derives its id.
 *
 * @param at the JSON path of the call in the request (`body`, `batch[3]`), for error messages.
 * @throws IngestError `UNKNOWN_EVENT_TYPE`, `INVALID_EVENT` or `TIMESTAMP_IN_FUTURE`, with the JSON path.
 */
export function prepareEvent(valid: ValidCall, receipt: Receipt, policy: PreparePolicy, at: string): PreparedEvent {
  const { call, messageId } = valid;
  const when = occurredAt(call, receipt.receivedAt, policy.maxFutureMs, at);
  // The records below are written out key by key, in the order they are stored, rather than
  // spread from one another: V8 copies a spread of a spread-built object many times slower than
  // a literal (docs/benchmarks/ingest.md), and this runs for every event.
  const metadata: Mutable<IngestMetadata> = { messageId } as Mutable<IngestMetadata>;
  if (valid.messageIdGenerated) metadata.messageIdGenerated = true;
  metadata.receivedAt = isoTime(receipt.receivedAt);
  if (call.sentAt !== undefined) metadata.sentAt = call.sentAt;
  metadata.writeKeyId = receipt.writeKeyId;
  metadata.catalogVersion = policy.catalog.version;
  if (call.anonymousId !== undefined) metadata.anonymousId = call.anonymousId;
  metadata.$correlationId = receipt.correlationId;
  // A retry may carry a new sentAt (SDKs stamp it per attempt): it is not part of what was said.
  metadata.payloadHash = callPayloadHash(valid.type, call, 'sentAt');
  const customerId = call.userId;
  const anonymousId = call.anonymousId;
  const context = keptContext(call.context);
  const eventId = eventIdOf(receipt.sourceId, messageId);
  const who: Who = { customerId, anonymousId, when, context };
  if (valid.type === 'identify') {
    const data = dataOf(who, 1, { traits: valid.call.traits ?? {} });
    const links = customerId !== undefined && anonymousId !== undefined ? { anonymousId, customerId } : undefined;
    return prepared(eventId, who, CUSTOMER_IDENTIFIED_TYPE, data, metadata, links);
  }
  if (valid.type === 'alias') {
    const { previousId } = valid.call;
    const data = dataOf(who, 1, { previousId });
    // readCall made sure an alias has its userId.
    const links = previousId !== customerId ? { anonymousId: previousId, customerId: customerId! } : undefined;
    return prepared(eventId, who, CUSTOMER_ALIASED_TYPE, data, metadata, links);
  }

  const { name, signal, properties } = callSignal(valid, policy.catalog, at);
  if (signal === undefined) {
    if (policy.unknownEvents === 'reject') {
      throw IngestError.at(
        'UNKNOWN_EVENT_TYPE',
        `${at}.event`,
        `expected an event name from the catalog (GET /v1/catalog), got ${JSON.stringify(name)}`,
      );
    }
    const data = dataOf(who, 1, { event: name, properties });
    return prepared(eventId, who, UNPLANNED_EVENT_TYPE, data, { ...metadata, unplanned: true });
  }
  const checked = policy.catalog.validate(signal.type, signal.currentVersion, properties);
  if (!checked.ok) {
    const problems = checked.errors.map((e) => ({ path: `${at}.${e.path}`, message: e.message }));
    throw new IngestError('INVALID_EVENT', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  }
  const data = dataOf(
    who,
    signal.currentVersion,
    checked.missing.length > 0
      ? { properties: checked.properties, missing: checked.missing }
      : { properties: checked.properties },
  );
  return prepared(eventId, who, signal.type, data, metadata);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Who an event is about, when it happened and the context kept with it. */
interface Who {
  readonly customerId: string | undefined;
  readonly anonymousId: string | undefined;
  readonly when: string;
  readonly context: Record<string, unknown> | undefined;
}

/** An event's data: who, when, the schema's version, then `rest`'s members, then the kept context. */
function dataOf(who: Who, version: number, rest: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (who.customerId !== undefined) data['customerId'] = who.customerId;
  if (who.anonymousId !== undefined) data['anonymousId'] = who.anonymousId;
  data['occurredAt'] = who.when;
  data['version'] = version;
  for (const key in rest) data[key] = rest[key];
  if (who.context !== undefined) data['context'] = who.context;
  return data;
}

function prepared(
  eventId: string,
  who: Who,
  type: string,
  data: Readonly<Record<string, unknown>>,
  metadata: IngestMetadata,
  links?: PreparedEvent['links'],
): PreparedEvent {
  const event: Mutable<PreparedEvent> = { eventId } as Mutable<PreparedEvent>;
  if (who.customerId !== undefined) event.customerId = who.customerId;
  if (who.anonymousId !== undefined) event.anonymousId = who.anonymousId;
  event.type = type;
  event.data = data;
  event.metadata = metadata;
  if (links !== undefined) event.links = links;
  return event;
}

function keptContext(context: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> | undefined {
  if (context === undefined) return undefined;
  let kept: Record<string, unknown> | undefined;
  for (const key of KEPT_CONTEXT) {
    const value = context[key];
    if (value !== undefined) (kept ??= {})[key] = value;
  }
  return kept;
}

/**
 * The ISO-8601 text of a time, remembered for the last time asked: every event of a request has
 * the request's receive time, so a batch formats it once rather than once per event.
 */
let lastIso: { readonly ms: number; readonly text: string } | undefined;
function isoTime(ms: number): string {
  if (lastIso?.ms !== ms) lastIso = { ms, text: new Date(ms).toISOString() };
  return lastIso.text;
}
