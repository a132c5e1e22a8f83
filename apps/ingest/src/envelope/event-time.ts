import { IngestError } from '../errors/ingest-error';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses an ISO-8601 date-time with an explicit offset; undefined when the text is not one. */
export function parseIsoTime(text: string): number | undefined {
  if (!ISO_8601.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** The times a producer put on a call, as received (ISO-8601 text or absent). */
export interface ProducerTimes {
  readonly timestamp?: string;
  readonly originalTimestamp?: string;
  readonly sentAt?: string;
}

/**
 * When the event happened, in UTC, corrected for the producer's clock the way Segment does it:
 * a device's clock may be wrong, but the gap between `timestamp` and `sentAt` on that clock is
 * right, so `occurredAt = receivedAt - (sentAt - timestamp)`. Without `sentAt` the timestamp is
 * taken as is; without a timestamp the event happened when it was received.
 *
 * @throws IngestError `TIMESTAMP_IN_FUTURE` when the result is more than `maxFutureMs` past `receivedAt`.
 */
export function occurredAt(times: ProducerTimes, receivedAt: number, maxFutureMs: number, at: string): string {
  const stamp = times.timestamp ?? times.originalTimestamp;
  const stampField = times.timestamp !== undefined ? 'timestamp' : 'originalTimestamp';
  const stampMs = stamp === undefined ? undefined : parseIsoTime(stamp);
  const sentMs = times.sentAt === undefined ? undefined : parseIsoTime(times.sentAt);
  let ms: number;
  if (stampMs === undefined) ms = receivedAt;
  else if (sentMs === undefined) ms = stampMs;
  else ms = receivedAt - (sentMs - stampMs);
  if (ms > receivedAt + maxFutureMs) {
    throw IngestError.at(
      'TIMESTAMP_IN_FUTURE',
      `${at}.${stampField}`,
      `expected a time at most ${Math.round(maxFutureMs / 1000)} s after receipt (${new Date(receivedAt).toISOString()}), got ${stamp ?? ''}`,
    );
  }
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) {
    throw IngestError.at('INVALID_EVENT', `${at}.${stampField}`, 'expected a representable date-time');
  }
  return date.toISOString();
}
