import type { CustomerComparison } from './compare-histories';
import { summarizeComparisons } from './comparison-summary';
import type { Decision } from './decision';

const flag = (name: string, at: string): Decision => ({ kind: 'flag', name, at });
const command = (name: string, at: string): Decision => ({ kind: 'command', name, at });
const comparison = (key: string, current: Decision[], changed: Decision[]): CustomerComparison => ({
  key,
  inputs: 10,
  current,
  changed,
  divergence: null,
  finalState: null,
});

describe('summing up comparisons', () => {
  const comparisons = [
    comparison('b', [], [flag('engagement.at-risk', '2026-03-02T00:00:00.000Z')]),
    comparison(
      'a',
      [flag('engagement.at-risk', '2026-03-05T00:00:00.000Z'), command('Email', '2026-03-07T00:00:00.000Z')],
      [
        flag('engagement.at-risk', '2026-03-04T00:00:00.000Z'),
        command('Email', '2026-03-06T00:00:00.000Z'),
        command('Email', '2026-03-08T00:00:00.000Z'),
      ],
    ),
    comparison('c', [command('Sms', '2026-03-01T00:00:00.000Z')], []),
    comparison('d', [command('Sms', '2026-03-01T00:00:00.000Z')], [command('Sms', '2026-03-01T00:00:00.000Z')]),
  ];

  it('counts flags gained and lost, and how much earlier', () => {
    const summary = summarizeComparisons(comparisons);
    expect(summary.customers).toBe(4);
    expect(summary.inputs).toBe(40);
    expect(summary.decisionsDiffer).toBe(3);
    expect(summary.differingCustomers).toEqual(['a', 'b', 'c']);
    expect(summary.flags).toEqual([
      {
        flag: 'engagement.at-risk',
        customers: { current: 1, changed: 2 },
        raised: { current: 1, changed: 2 },
        gained: 1,
        lost: 0,
        earlier: { count: 1, medianHours: 24 },
        later: { count: 0, medianHours: null },
        same: 0,
      },
    ]);
  });

  it('pairs commands per customer: added, removed, earlier', () => {
    const summary = summarizeComparisons(comparisons);
    const email = summary.commands.find((c) => c.type === 'Email');
    expect(email).toMatchObject({ count: { current: 1, changed: 2 }, added: 1, customersAdded: 1, removed: 0 });
    expect(email?.earlier).toEqual({ count: 1, medianHours: 24 });
    const sms = summary.commands.find((c) => c.type === 'Sms');
    expect(sms).toMatchObject({ count: { current: 2, changed: 1 }, removed: 1, customersRemoved: 1, same: 1 });
  });

  it('does not depend on the order the comparisons come in', () => {
    expect(summarizeComparisons([...comparisons].reverse())).toEqual(summarizeComparisons(comparisons));
  });

  it('keeps the first customers of each kind as examples', () => {
    const kinds = summarizeComparisons(comparisons, 1).examples.map((e) => [e.kind, e.customerId]);
    expect(kinds).toEqual([
      ['flag-gained', 'b'],
      ['command-added', 'a'],
      ['command-removed', 'c'],
      ['earlier', 'a'],
    ]);
  });
});
