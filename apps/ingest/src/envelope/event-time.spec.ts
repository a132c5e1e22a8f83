import { IngestError } from '../errors/ingest-error';
import { occurredAt, parseIsoTime } from './event-time';

const receivedAt = Date.parse('2026-03-01T12:00:00.000Z');
const hour = 3_600_000;

describe('event time', () => {
  it('takes the receive time when the producer gave no timestamp', () => {
    expect(occurredAt({}, receivedAt, hour, 'body')).toBe('2026-03-01T12:00:00.000Z');
  });

  it('takes the timestamp as is when there is no sentAt, normalised to UTC', () => {
    expect(occurredAt({ timestamp: '2026-03-01T10:00:00+02:00' }, receivedAt, hour, 'body')).toBe(
      '2026-03-01T08:00:00.000Z',
    );
  });

  it('corrects a device clock that is ten minutes fast from sentAt', () => {
    const times = { timestamp: '2026-03-01T12:05:00.000Z', sentAt: '2026-03-01T12:10:00.000Z' };
    expect(occurredAt(times, receivedAt, hour, 'body')).toBe('2026-03-01T11:55:00.000Z');
  });

  it('falls back to originalTimestamp (RudderStack)', () => {
    expect(occurredAt({ originalTimestamp: '2026-03-01T11:00:00Z' }, receivedAt, hour, 'body')).toBe(
      '2026-03-01T11:00:00.000Z',
    );
  });

  it('rejects an event too far in the future, naming the field', () => {
    const attempt = () => occurredAt({ timestamp: '2026-03-01T14:00:00Z' }, receivedAt, hour, 'batch[2]');
    expect(attempt).toThrow(IngestError);
    expect(attempt).toThrow('batch[2].timestamp: expected a time at most 3600 s after receipt');
  });

  it.each(['2026-03-01', '2026-03-01 12:00:00Z', '1709294400', '2026-03-01T12:00:00', '2026-13-01T00:00:00Z', ''])(
    'does not read %j as an ISO-8601 date-time',
    (text) => {
      expect(parseIsoTime(text)).toBeUndefined();
    },
  );

  it.each([
    '2026-03-01T12:00:00Z',
    '2026-03-01T12:00:00.123456Z',
    '2026-03-01T12:00+01:00',
    '2026-03-01T12:00:00-0500',
  ])('reads %j', (text) => {
    expect(parseIsoTime(text)).toEqual(expect.any(Number));
  });
});
