import { attributeOutcomes } from './attribute-outcomes';
import type { CustomerRecord, RecordedChange } from './customer-record';
import { renderOutcomes } from './render-outcomes';

const day = (n: number, hour = 9): string => new Date(Date.UTC(2026, 2, 1 + n, hour)).toISOString();
const state = (engagement: unknown, fraud = 'clear') => ({ engagement, fraud, cart: 'empty', renewal: 'none' });

/** A customer flagged on day 1 (revision 1), who comes back on `backOn` (or never), the flag delivered or not. */
function flagged(id: string, reach: string[] | undefined, backOn?: number): CustomerRecord {
  const changes: RecordedChange[] = [
    { revision: 0n, at: day(1), from: state('active'), to: state({ 'at-risk': 'flagged' }), causeType: 'PageViewed' },
  ];
  if (backOn !== undefined)
    changes.push({
      revision: 2n,
      at: day(backOn),
      from: state({ 'at-risk': 'flagged' }),
      to: state('active'),
      causeType: 'FeatureUsed',
    });
  // Something late, so that the horizon is past every window.
  changes.push({ revision: 3n, at: day(40), from: state('active'), to: state('active', 'suspicious'), causeType: 'X' });
  const command = { id: `${id}-flag`, type: 'FlagAccountForSuccessTeamRequested', revision: 1n, requestedAt: day(1) };
  return {
    customerId: id,
    changes,
    commands: [command],
    deliveries: new Map(reach === undefined ? [] : [[command.id, reach]]),
  };
}

describe('outcome attribution', () => {
  it('compares the customers a command reached with those it did not, within the window', () => {
    const report = attributeOutcomes(
      [
        flagged('a', ['CommandDeliveryFailed', 'CommandDelivered'], 3),
        flagged('b', ['CommandDelivered'], 5),
        flagged('c', ['CommandDelivered']),
        flagged('d', ['CommandDelivered'], 30), // after the 14-day window: not a recovery
        flagged('e', ['CommandHeldOut'], 9),
        flagged('f', ['CommandHeldOut']),
        flagged('g', undefined),
        flagged('h', ['CommandDeliveryFailed']), // still being retried: left out
      ],
      14,
    );
    const [row] = report.rows;
    expect(row).toMatchObject({
      type: 'FlagAccountForSuccessTeamRequested',
      reached: { commands: 4, recovered: 2, medianHoursToRecover: 72 },
      control: { commands: 3, recovered: 1, medianHoursToRecover: 192 },
      controlBy: { 'held-out': 2, parked: 0, 'no-destination': 1 },
      retrying: 1,
      tooRecent: 0,
    });
    expect(row!.lift!.rate).toBeCloseTo(0.5 - 1 / 3);
    expect(row!.lift!.low).toBeLessThan(0);
    expect(renderOutcomes(report, 'table')).toContain('n.s.');
  });

  it('counts each customer once per command type, at their first command of it', () => {
    // A customer flagged three times who never comes back, and one flagged once who does
    const prolific = flagged('p', ['CommandDelivered']);
    const repeated: CustomerRecord = {
      ...prolific,
      commands: [1n, 4n, 5n].map((revision, i) => ({
        id: `p-flag-${i}`,
        type: 'FlagAccountForSuccessTeamRequested',
        revision,
        requestedAt: day(1 + i),
      })),
      deliveries: new Map([0, 1, 2].map((i) => [`p-flag-${i}`, ['CommandDelivered']])),
    };
    const report = attributeOutcomes([repeated, flagged('q', ['CommandDelivered'], 3)], 14);
    expect(report.rows[0]).toMatchObject({ reached: { commands: 2, recovered: 1 }, repeats: 2 });
    expect(renderOutcomes(report, 'table')).toContain('2 later to a customer counted');
  });

  it('leaves out commands whose window is not over by the horizon, recovered or not', () => {
    const recent = flagged('r', ['CommandDelivered'], 2);
    const report = attributeOutcomes([{ ...recent, changes: recent.changes.slice(0, 2) }], 14);
    expect(report.rows[0]).toMatchObject({ tooRecent: 1, reached: { commands: 0 } });
  });

  it('counts a confirmed fraud case as recovered and a disputed one as lost', () => {
    const suspicious = state('active', 'suspicious');
    const record = (id: string, to: string): CustomerRecord => ({
      customerId: id,
      changes: [
        { revision: 0n, at: day(1), from: state('active'), to: suspicious, causeType: 'CardTransactionAuthorized' },
        { revision: 3n, at: day(1, 10), from: suspicious, to: state('active', to), causeType: 'X' },
        { revision: 4n, at: day(30), from: state('active', to), to: state('churning', to), causeType: 'X' },
      ],
      commands: [{ id: `${id}-sms`, type: 'FraudVerificationSmsRequested', revision: 2n, requestedAt: day(1) }],
      deliveries: new Map([[`${id}-sms`, ['CommandDelivered']]]),
    });
    const [row] = attributeOutcomes([record('x', 'clear'), record('y', 'disputed')]).rows;
    expect(row!.reached).toMatchObject({ commands: 2, recovered: 1, lost: 1, medianHoursToRecover: 1 });
    expect(row!.lift).toBeNull();
  });
});
