import { IngestError } from '../errors/ingest-error';
import type { CatalogSignal, EventCatalog } from './event-catalog';
import type { ValidCall } from './read-call';

/** A call that carries a catalog signal: every call but `identify` and `alias`. */
export type SignalCall = Exclude<ValidCall, { readonly type: 'identify' | 'alias' }>;

/** What a call says as a signal: its name, the catalog's signal (if the name is known) and its properties. */
export interface CallSignal {
  /** The Segment event name (`Signed In`), or the call's signal's name (`Page Viewed`). */
  readonly name: string;
  readonly signal: CatalogSignal | undefined;
  /** The properties to validate against the signal's schema, as the producer sent them. */
  readonly properties: Readonly<Record<string, unknown>>;
}

/**
 * Reads a call as a catalog signal. A `track` call names its signal; `page`, `screen` and `group`
 * calls are each one signal, whose properties gather the call's own fields (a page's `name`, a
 * group's `groupId` and `traits`) with what it sent as `properties`.
 *
 * @throws IngestError `UNSUPPORTED_CALL_TYPE` when the catalog has no signal for a page, screen or group call.
 */
export function callSignal(valid: SignalCall, catalog: EventCatalog, at: string): CallSignal {
  if (valid.type === 'track') {
    const { event, properties } = valid.call;
    return { name: event, signal: catalog.bySegmentName(event), properties: properties ?? {} };
  }
  const signal = catalog.forCall(valid.type);
  if (signal === undefined) {
    throw IngestError.at('UNSUPPORTED_CALL_TYPE', `${at}.type`, `expected a call type the catalog has a signal for`);
  }
  const named = { name: signal.segmentName, signal };
  switch (valid.type) {
    case 'page': {
      const { name, properties } = valid.call;
      return { ...named, properties: { ...(name !== undefined && { name }), ...properties } };
    }
    case 'screen': {
      const { name, category, properties } = valid.call;
      return {
        ...named,
        properties: { ...(name !== undefined && { name }), ...(category !== undefined && { category }), ...properties },
      };
    }
    case 'group': {
      const { groupId, traits } = valid.call;
      return { ...named, properties: { group_id: groupId, traits: traits ?? {} } };
    }
    default: {
      const _never: never = valid;
      return _never;
    }
  }
}
