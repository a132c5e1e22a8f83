import { defaultLifecycleConfig } from '../lifecycle/lifecycle-config';
import { cardTransaction, day } from '../testing';
import { initialCustomerContext } from './customer-context';
import { assess, recordSignal } from './record-signal';

describe('assess', () => {
  const config = defaultLifecycleConfig;
  const night = cardTransaction(day(3, '05:47'), {
    transaction_id: 'tx-9',
    amount: 95_000,
    country: 'BR',
    local_time: '02:47',
  });
  const fresh = initialCustomerContext('customer-1');
  const withHistory = [1, 2, 3].reduce(
    (c, i) => recordSignal(c, cardTransaction(day(i - 1, '12:00'), { transaction_id: `tx-${i}` }), config),
    fresh,
  );

  it('judges the same transaction against whichever history it is given', () => {
    const againstNone = assess(fresh, night, config);
    const againstHistory = assess(withHistory, night, config);
    expect(againstNone.score).toBe(20);
    expect(againstHistory.score).toBe(100);
    expect(againstHistory.contributions.map((c) => c.signal)).toEqual([
      'new-country',
      'above-typical',
      'above-maximum',
      'unusual-hour',
    ]);
    expect(assess(fresh, night, config)).toEqual(againstNone);
  });

  it('gives the same assessment when asked twice, as the guard and the record do', () => {
    expect(assess(withHistory, night, config)).toEqual(assess(withHistory, night, { ...config }));
  });
});
