import type { CardTransactionAuthorizedV1 } from '../catalog/signals/card.signals';
import { initialCustomerContext, type CustomerContext } from '../features/customer-context';
import { assess, recordSignal } from '../features/record-signal';
import { defaultLifecycleConfig } from '../lifecycle/lifecycle-config';
import { cardTransaction, day } from '../testing';

const config = defaultLifecycleConfig;
type Tx = Partial<CardTransactionAuthorizedV1> & Pick<CardTransactionAuthorizedV1, 'transaction_id'>;

/** A cardholder's history: five daytime purchases of €25 at the Corner Shop in Germany, a day apart. */
function history(extra: ReadonlyArray<[string, Tx]> = []): CustomerContext {
  const usual: Array<[string, Tx]> = [1, 2, 3, 4, 5].map((i) => [day(i - 1, '12:00'), { transaction_id: `tx-${i}` }]);
  return [...usual, ...extra].reduce(
    (context, [at, p]) => recordSignal(context, cardTransaction(at, p), config),
    initialCustomerContext('customer-1'),
  );
}

/** The points of each feature of a transaction's score against a history. */
const pointsOf = (context: CustomerContext, at: string, p: Tx): Record<string, number> =>
  Object.fromEntries(assess(context, cardTransaction(at, p), config).contributions.map((c) => [c.signal, c.points]));

describe('fraudScore', () => {
  it('finds nothing in a purchase like the usual ones', () => {
    expect(pointsOf(history(), day(5, '12:00'), { transaction_id: 'tx-6', amount: 2_000 })).toEqual({});
  });

  it('counts a first purchase at a merchant, and grades the amount by its doublings over the typical one', () => {
    expect(pointsOf(history(), day(5, '12:00'), { transaction_id: 'tx-6', merchant: 'Electro Online' })).toEqual({
      'new-merchant': 15,
    });
    // 4 × typical: 2 doublings × 12 = 24, and more than ever before.
    expect(pointsOf(history(), day(5, '12:00'), { transaction_id: 'tx-6', amount: 10_000 })).toEqual({
      'above-typical': 24,
      'above-maximum': 25,
    });
    // 40 × typical: capped at 30.
    expect(pointsOf(history(), day(5, '12:00'), { transaction_id: 'tx-6', amount: 100_000 })['above-typical']).toBe(30);
  });

  it('sees a card being tested: a tiny amount at a new merchant, then new merchants in a row', () => {
    const first = { transaction_id: 'tx-6', amount: 150, merchant: 'Game Keys' };
    expect(pointsOf(history(), day(5, '12:00'), first)).toEqual({
      'new-merchant': 15,
      'small-amount-at-new-merchant': 45,
    });
    const second = pointsOf(history([[day(5, '12:00'), first]]), day(5, '12:03'), {
      transaction_id: 'tx-7',
      amount: 200,
      merchant: 'Gift Cards 24',
    });
    expect(second['new-merchants-in-a-row']).toBe(30);
    expect(
      assess(
        history([[day(5, '12:00'), first]]),
        cardTransaction(day(5, '12:03'), { transaction_id: 'tx-7', amount: 200, merchant: 'Gift Cards 24' }),
        config,
      ).score,
    ).toBe(90);
  });

  it('counts the spending of a run of transactions within the hour, not one big purchase', () => {
    // One purchase of 8 × typical: the amount counts, the spending in the window does not.
    expect(pointsOf(history(), day(5, '12:00'), { transaction_id: 'tx-6', amount: 20_000 })['spend-in-window']).toBe(
      undefined,
    );
    // Three of 2.4 × typical within 40 minutes: 7.2 × typical, at least 6.
    const run = history([
      [day(5, '12:00'), { transaction_id: 'tx-6', amount: 6_000 }],
      [day(5, '12:20'), { transaction_id: 'tx-7', amount: 6_000 }],
    ]);
    expect(pointsOf(run, day(5, '12:40'), { transaction_id: 'tx-8', amount: 6_000 })['spend-in-window']).toBe(25);
    // The same three spread over three hours.
    const spread = history([
      [day(5, '09:00'), { transaction_id: 'tx-6', amount: 6_000 }],
      [day(5, '11:00'), { transaction_id: 'tx-7', amount: 6_000 }],
    ]);
    expect(pointsOf(spread, day(5, '12:40'), { transaction_id: 'tx-8', amount: 6_000 })['spend-in-window']).toBe(
      undefined,
    );
  });

  it('compares a purchase abroad in its billed amount, when the card network reports one', () => {
    const abroad = { transaction_id: 'tx-6', country: 'US', currency: 'USD', merchant: 'Diner 9' };
    // $27 billed as €25: a first trip to the US, nothing unusual in the amount.
    expect(
      pointsOf(history(), day(5, '12:00'), {
        ...abroad,
        amount: 2_700,
        billing_amount: 2_500,
        billing_currency: 'EUR',
      }),
    ).toEqual({ 'new-country': 35, 'new-merchant': 15 });
    // $1,100 billed as €1,000: 40 × typical, more than ever.
    expect(
      pointsOf(history(), day(5, '12:00'), {
        ...abroad,
        amount: 110_000,
        billing_amount: 100_000,
        billing_currency: 'EUR',
      }),
    ).toEqual({ 'new-country': 35, 'new-merchant': 15, 'above-typical': 30, 'above-maximum': 25 });
    // Without the billed amount a dollar amount has no history to compare with.
    expect(pointsOf(history(), day(5, '12:00'), { ...abroad, amount: 110_000 })).toEqual({
      'new-country': 35,
      'new-merchant': 15,
    });
  });

  it('counts an unusual amount without the card present, when the network says so', () => {
    const online = { transaction_id: 'tx-6', merchant: 'Corner Shop', channel: 'online' as const };
    expect(pointsOf(history(), day(5, '12:00'), { ...online, amount: 6_000 })).toEqual({
      'above-typical': 15,
      'above-maximum': 25,
      'unusual-amount-online': 20,
    });
    expect(pointsOf(history(), day(5, '12:00'), { ...online, amount: 500 })).toEqual({ 'unusual-amount-online': 20 });
    // As usual, online or in store: nothing.
    expect(pointsOf(history(), day(5, '12:00'), { ...online, amount: 2_000 })).toEqual({});
    expect(pointsOf(history(), day(5, '12:00'), { ...online, amount: 6_000, channel: 'in_store' })).toEqual({
      'above-typical': 15,
      'above-maximum': 25,
    });
  });

  it('judges nothing but the hour and the velocity before the cardholder has a baseline', () => {
    const fresh = initialCustomerContext('customer-1');
    const night = {
      transaction_id: 'tx-1',
      amount: 95_000,
      country: 'BR',
      merchant: 'Electro Rio',
      local_time: '02:47',
    };
    expect(pointsOf(fresh, day(0, '05:47'), night)).toEqual({ 'unusual-hour': 20 });
  });
});
