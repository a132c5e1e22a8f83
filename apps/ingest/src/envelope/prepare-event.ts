import { IngestError } from '../errors/ingest-error';
import type { UnknownEventPolicy } from '../ingest.config';
import { callSignal } from './call-signal';
import { eventIdOf } from './event-id';
import type { EventCatalog } from './event-catalog';
import { occurredAt } from './event-time';
import { payloadHash } from './payload-hash';
import {
  CUSTOMER_ALIASED_TYPE,
  CUSTOMER_IDENTIFIED_TYPE,
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
  const { call } = valid;
  const when = occurredAt(call, receipt.receivedAt, policy.maxFutureMs, at);
  // A retry may carry a new sentAt (SDKs stamp it per attempt): it is not part of what was said.
  const { sentAt: _sentAt, ...said } = call;
  const { messageId } = valid;
  const metadata = {
    messageId,
    ...(valid.messageIdGenerated && { messageIdGenerated: true as const }),
    receivedAt: isoTime(receipt.receivedAt),
    ...(call.sentAt !== undefined && { sentAt: call.sentAt }),
    writeKeyId: receipt.writeKeyId,
    catalogVersion: policy.catalog.version,
    ...(call.anonymousId !== undefined && { anonymousId: call.anonymousId }),
    $correlationId: receipt.correlationId,
    payloadHash: payloadHash({ call: valid.type, ...said }),
  };
  const who = {
    ...(call.userId !== undefined && { customerId: call.userId }),
    ...(call.anonymousId !== undefined && { anonymousId: call.anonymousId }),
  };
  const context = keptContext(call.context);
  const eventId = eventIdOf(receipt.sourceId, messageId);

  if (valid.type === 'identify') {
    const data = { ...who, occurredAt: when, version: 1, traits: valid.call.traits ?? {}, ...context };
    const links =
      call.userId !== undefined && call.anonymousId !== undefined
        ? { anonymousId: call.anonymousId, customerId: call.userId }
        : undefined;
    return { eventId, ...who, type: CUSTOMER_IDENTIFIED_TYPE, data, metadata, ...(links && { links }) };
  }
  if (valid.type === 'alias') {
    const { previousId } = valid.call;
    const data = { ...who, occurredAt: when, version: 1, previousId, ...context };
    // readCall made sure an alias has its userId.
    const links = previousId !== call.userId ? { anonymousId: previousId, customerId: call.userId! } : undefined;
    return { eventId, ...who, type: CUSTOMER_ALIASED_TYPE, data, metadata, ...(links && { links }) };
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
    const data = { ...who, occurredAt: when, version: 1, event: name, properties, ...context };
    return { eventId, ...who, type: UNPLANNED_EVENT_TYPE, data, metadata: { ...metadata, unplanned: true } };
  }
  const checked = policy.catalog.validate(signal.type, signal.currentVersion, properties);
  if (!checked.ok) {
    const problems = checked.errors.map((e) => ({ path: `${at}.${e.path}`, message: e.message }));
    throw new IngestError('INVALID_EVENT', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  }
  const data = {
    ...who,
    occurredAt: when,
    version: signal.currentVersion,
    properties: checked.properties,
    ...(checked.missing.length > 0 && { missing: checked.missing }),
    ...context,
  };
  return { eventId, ...who, type: signal.type, data, metadata };
}

function keptContext(context: Readonly<Record<string, unknown>> | undefined): { context?: Record<string, unknown> } {
  if (context === undefined) return {};
  let kept: Record<string, unknown> | undefined;
  for (const key of KEPT_CONTEXT) {
    const value = context[key];
    if (value !== undefined) (kept ??= {})[key] = value;
  }
  return kept === undefined ? {} : { context: kept };
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
