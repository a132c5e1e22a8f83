import type { TimelineItem } from '../api/contract';
import { changedRegions, describeDelivery, describeItem, inputRevisionOf, pathOf } from './describe-item';

const item = (fields: Partial<TimelineItem>): TimelineItem => ({
  position: 'in:0',
  kind: 'signal',
  stream: 'customer-c-1',
  revision: '0',
  eventId: 'e-1',
  type: 'SignedUp',
  at: '2026-03-02T09:00:00.000Z',
  data: {},
  causedBy: null,
  ...fields,
});

describe('what a timeline item says', () => {
  it('writes a nested state value as a path', () => {
    expect(pathOf({ 'at-risk': 'flagged' })).toBe('at-risk.flagged');
  });

  it('names the regions a state change moved, and only those', () => {
    expect(
      changedRegions(
        { fraud: 'clear', cart: 'empty', engagement: 'active' },
        { fraud: 'suspicious', cart: 'empty', engagement: { 'at-risk': 'flagged' } },
      ),
    ).toEqual(['fraud: clear → suspicious', 'engagement: active → at-risk.flagged']);
  });

  it('summarises a signal by its first properties, a command by its reasons', () => {
    expect(describeItem(item({ data: { properties: { transaction_id: 'tx-4', amount: 95000 } } }))).toBe(
      'transaction_id: tx-4 · amount: 95000',
    );
    expect(
      describeItem(item({ kind: 'command', position: 'out:1', data: { reasons: ['record amount', 'new country'] } })),
    ).toBe('record amount; new country');
  });

  it('says what a new machine version re-derived, and when it changed nothing', () => {
    const rederived = (from: unknown, to: unknown) =>
      describeItem(
        item({ kind: 'state-rederived', position: 'out:9', data: { from, to, fromVersion: '8', toVersion: '9' } }),
      );
    expect(rederived({ fraud: 'clear', churn: 'active' }, { fraud: 'clear', churn: 'atRisk' })).toBe(
      'version 8 → 9 · churn: active → atRisk',
    );
    expect(rederived({ churn: 'active' }, { churn: 'active' })).toBe('version 8 → 9 · same state');
  });

  it('says what a late signal corrected, and what arrived too late to be', () => {
    const corrected = describeItem(
      item({
        kind: 'state-corrected',
        position: 'out:10',
        data: {
          from: { cart: 'abandoned' },
          to: { cart: 'empty' },
          lateByMs: 3_900_000,
          emitted: [],
          alreadySent: [],
          withdrawn: ['CartRecoveryEmailRequested'],
        },
      }),
    );
    expect(corrected).toBe(
      'late by 1h 5min, re-folded in event-time order · cart: abandoned → empty · sent before, no longer due: CartRecoveryEmailRequested',
    );
    const late = describeItem(
      item({
        kind: 'input-late',
        position: 'out:11',
        data: { lateByMs: 2 * 86_400_000, allowedLatenessMs: 86_400_000 },
      }),
    );
    expect(late).toBe('late by 2d, beyond the allowed 1d: folded where it arrived');
  });

  it('says how a command was delivered at each destination', () => {
    const at = '2026-03-02T10:00:05.000Z';
    expect(
      describeDelivery({ destination: 'sms', outcome: 'delivered', attempts: 2, at, status: 200, error: 'HTTP 503' }),
    ).toBe('delivered to sms at 2026-03-02 10:00:05 UTC (2 attempts, HTTP 200)');
    expect(
      describeDelivery({
        destination: 'slack',
        outcome: 'parked',
        attempts: 0,
        at: null,
        status: 500,
        error: 'HTTP 500',
      }),
    ).toBe('parked for slack (HTTP 500)');
    expect(
      describeDelivery({
        destination: 'sms',
        outcome: 'failed',
        attempts: 1,
        at: null,
        status: null,
        error: 'timeout: no answer within 150 ms',
      }),
    ).toBe('failing at sms (1 attempt, timeout: no answer within 150 ms)');
    expect(
      describeDelivery({ destination: 'email', outcome: 'held-out', attempts: 0, at: null, status: null, error: null }),
    ).toBe('held out by email');
  });

  it('places an output at the input whose fold wrote it', () => {
    const output = item({
      kind: 'state-changed',
      position: 'out:4',
      revision: '4',
      causedBy: { eventId: 'e-3', type: 'CardTransactionAuthorized', inputRevision: '3' },
    });
    expect(inputRevisionOf(output)).toBe('3');
    expect(inputRevisionOf(item({ position: 'in:2', revision: '2' }))).toBe('2');
  });
});
