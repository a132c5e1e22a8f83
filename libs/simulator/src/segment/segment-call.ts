import { findSignalByType, type CustomerSignal } from '@heed/domain';

/** A Segment `track` or `page` call as Heed's ingest (and Segment) accepts it. */
export type SegmentCall = Readonly<{
  type: 'track' | 'page';
  messageId: string;
  userId: string;
  timestamp: string;
  event?: string;
  name?: string;
  properties: Readonly<Record<string, unknown>>;
}>;

/** Thrown for a signal type that the catalog does not know: a simulator bug, never bad input. */
export class UnknownSignalError extends Error {
  readonly code = 'UNKNOWN_SIGNAL';
}

/**
 * The Segment call that carries a signal: `page` for page views, `track` with the signal's Segment
 * name otherwise. No `sentAt`: the simulated timestamp is the event's time as is.
 */
export function toSegmentCall(signal: CustomerSignal, messageId: string): SegmentCall {
  const definition = findSignalByType(signal.type);
  if (definition === undefined) throw new UnknownSignalError(`${signal.type}: not a signal of the catalog`);
  const common = {
    messageId,
    userId: signal.customerId,
    timestamp: signal.occurredAt,
    properties: signal.properties as Readonly<Record<string, unknown>>,
  };
  return definition.segmentCall === 'page'
    ? { type: 'page', ...common }
    : { type: 'track', event: definition.segmentName, ...common };
}
