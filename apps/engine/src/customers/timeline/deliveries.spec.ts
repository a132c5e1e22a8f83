import type { RecordedEvent } from '@eventstore/db-client';
import { summariseDeliveries } from './deliveries';

const outcome = (type: string, data: Record<string, unknown>): RecordedEvent =>
  ({ type, data: { commandId: 'cmd-1', at: '2026-03-02T10:00:00.000Z', ...data } }) as unknown as RecordedEvent;

describe('a command’s deliveries on the timeline', () => {
  it('keeps the latest outcome per destination and counts the attempts', () => {
    const summary = summariseDeliveries([
      outcome('CommandDeliveryFailed', { destination: 'sms', attempt: 1, status: 503, error: 'HTTP 503' }),
      outcome('CommandHeldOut', { destination: 'slack', holdout: 0.1 }),
      outcome('CommandDelivered', {
        destination: 'sms',
        attempt: 2,
        status: 200,
        at: '2026-03-02T10:00:05.000Z',
      }),
      outcome('CommandParked', {
        commandId: 'cmd-2',
        destination: 'sms',
        attempts: 5,
        lastStatus: 500,
        lastError: 'HTTP 500',
      }),
      outcome('SomethingElse', { destination: 'sms' }),
    ]);
    expect(summary.get('cmd-1')).toEqual([
      {
        destination: 'sms',
        outcome: 'delivered',
        attempts: 2,
        at: '2026-03-02T10:00:05.000Z',
        status: 200,
        error: null,
      },
      {
        destination: 'slack',
        outcome: 'held-out',
        attempts: 0,
        at: '2026-03-02T10:00:00.000Z',
        status: null,
        error: null,
      },
    ]);
    expect(summary.get('cmd-2')).toEqual([
      expect.objectContaining({ outcome: 'parked', attempts: 0, status: 500, error: 'HTTP 500' }),
    ]);
  });
});
