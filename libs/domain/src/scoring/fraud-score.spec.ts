import type { CardTransactionAuthorizedV1 } from '../catalog/signals/card.signals';
import { initialCustomerContext, type CustomerContext } from '../features/customer-context';
import { assess, recordSignal } from '../features/record-signal';
import { defaultLifecycleConfig } from '../lifecycle/lifecycle-config';
import { cardTransaction, day, passwordChanged } from '../testing';

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
const pointsOf = (context: CustomerContext, at: string, p: Tx, under = config): Record<string, number> =>
  Object.fromEntries(assess(context, cardTransaction(at, p), under).contributions.map((c) => [c.signal, c.points]));

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

  it('counts a new largest amount only from half again the largest before (version 12)', () => {
    // Typical 25.00 EUR, largest 60.00 EUR.
    const withLarger = history([[day(5, '12:00'), { transaction_id: 'tx-6', amount: 6_000 }]]);
    // 75.00 EUR: three times the typical amount, but 1.25 times the largest before.
    expect(pointsOf(withLarger, day(6, '12:00'), { transaction_id: 'tx-7', amount: 7_500 })).toEqual({
      'above-typical': 19,
    });
    const larger = assess(
      withLarger,
      cardTransaction(day(6, '12:00'), { transaction_id: 'tx-7', amount: 9_500 }),
      config,
    );
    expect(larger.contributions.find((c) => c.signal === 'above-maximum')).toEqual({
      signal: 'above-maximum',
      points: 25,
      reason: '95.00 EUR is 1.6 times the largest before (60.00 EUR)',
    });
    // Version 11 counted any new largest amount.
    const v11 = { ...config, aboveMaximumFactor: 1 };
    const before = assess(withLarger, cardTransaction(day(6, '12:00'), { transaction_id: 'tx-7', amount: 7_500 }), v11);
    expect(before.contributions.map((c) => c.signal)).toContain('above-maximum');
  });

  it('sees a card tested slowly: three probes at new merchants within two hours, none in store (version 13)', () => {
    const probe = (i: number, extra: Partial<Tx> = {}): Tx => ({
      transaction_id: `probe-${i}`,
      amount: 150 + i,
      merchant: `Shop ${i}`,
      channel: 'online',
      ...extra,
    });
    // 40 minutes apart: never two within the burst window of 30.
    const two = history([
      [day(5, '12:00'), probe(1)],
      [day(5, '12:40'), probe(2)],
    ]);
    const third = assess(two, cardTransaction(day(5, '13:20'), probe(3)), config);
    expect(third.contributions.find((c) => c.signal === 'probes-at-new-merchants')).toEqual({
      signal: 'probes-at-new-merchants',
      points: 25,
      reason:
        '3 transactions under 3.00 EUR at merchants new to the card in 80 minutes, none in store (the card being tested)',
    });
    expect(third.contributions.map((c) => c.signal)).not.toContain('probing');
    expect(third.score).toBeGreaterThanOrEqual(config.suspiciousScore);
    // Two are not a run.
    expect(pointsOf(history([[day(5, '12:00'), probe(1)]]), day(5, '12:40'), probe(2))).not.toHaveProperty(
      'probes-at-new-merchants',
    );
    // The first of the three left the window: not counted.
    expect(pointsOf(two, day(5, '14:05'), probe(3))).not.toHaveProperty('probes-at-new-merchants');
    // In store (parking, tolls, a fuel pump's check), or at a merchant the card knows: not counted.
    expect(pointsOf(two, day(5, '13:20'), probe(3, { channel: 'in_store' }))).not.toHaveProperty(
      'probes-at-new-merchants',
    );
    const repeated = history([
      [day(5, '12:00'), probe(1, { merchant: 'Game' })],
      [day(5, '12:40'), probe(2, { merchant: 'Game' })],
    ]);
    expect(pointsOf(repeated, day(5, '13:20'), probe(3, { merchant: 'Game' }))).not.toHaveProperty(
      'probes-at-new-merchants',
    );
    // An amount that is not a probe does not count, and ends nothing: the run goes on past it.
    expect(pointsOf(two, day(5, '13:20'), probe(3, { amount: 300 }))).not.toHaveProperty('probes-at-new-merchants');
    const withLarger = history([
      [day(5, '12:00'), probe(1)],
      [day(5, '12:20'), probe(9, { amount: 4_000 })],
      [day(5, '12:40'), probe(2)],
    ]);
    expect(pointsOf(withLarger, day(5, '13:20'), probe(3))['probes-at-new-merchants']).toBe(25);
    // Probes before it that were card present or at a merchant the card knew do not count.
    const inStoreBefore = history([
      [day(5, '12:00'), probe(1, { channel: 'in_store' })],
      [day(5, '12:40'), probe(2)],
    ]);
    expect(pointsOf(inStoreBefore, day(5, '13:20'), probe(3))).not.toHaveProperty('probes-at-new-merchants');
    const knownBefore = history([
      [day(4, '12:00'), { transaction_id: 'tx-known', merchant: 'Shop 1', amount: 2_000 }],
      [day(5, '12:00'), probe(1)],
      [day(5, '12:40'), probe(2)],
    ]);
    expect(pointsOf(knownBefore, day(5, '13:20'), probe(3))).not.toHaveProperty('probes-at-new-merchants');
    // A late purchase (earlier than the window) recorded between the probes ends nothing either.
    const withLate = history([
      [day(5, '12:00'), probe(1)],
      [day(5, '12:40'), probe(2)],
      [day(5, '09:00'), { transaction_id: 'tx-late', amount: 2_000 }],
    ]);
    const afterLate = assess(withLate, cardTransaction(day(5, '13:20'), probe(3)), config);
    expect(afterLate.contributions.find((c) => c.signal === 'probes-at-new-merchants')?.reason).toBe(
      '3 transactions under 3.00 EUR at merchants new to the card in 80 minutes, none in store (the card being tested)',
    );
    // Version 12 had no such window.
    const v12 = { ...config, probeRunWindowMs: 0 };
    expect(
      assess(two, cardTransaction(day(5, '13:20'), probe(3)), v12).contributions.map((c) => c.signal),
    ).not.toContain('probes-at-new-merchants');
  });

  it('sees a card being tested: a tiny amount at a new merchant, then new merchants in a row', () => {
    const first = { transaction_id: 'tx-6', amount: 150, merchant: 'Game Keys' };
    // Alone, a tiny amount at a new merchant is an app or a card check, not yet a test (version 10).
    expect(pointsOf(history(), day(5, '12:00'), first)).toEqual({
      'new-merchant': 15,
      'small-amount-at-new-merchant': 5,
    });
    const second = pointsOf(history([[day(5, '12:00'), first]]), day(5, '12:03'), {
      transaction_id: 'tx-7',
      amount: 200,
      merchant: 'Gift Cards 24',
    });
    expect(second['new-merchants-in-a-row']).toBe(30);
    // Two amounts under 3.00 within the burst window: probing.
    expect(second.probing).toBe(15);
    expect(
      assess(
        history([[day(5, '12:00'), first]]),
        cardTransaction(day(5, '12:03'), { transaction_id: 'tx-7', amount: 200, merchant: 'Gift Cards 24' }),
        config,
      ).score,
      // 15 + 5 + 30 + 15: exactly the freeze line (no channel said; online adds 20).
    ).toBe(config.suspiciousScore);
  });

  describe('small online purchases (version 10, ADR 0087)', () => {
    const online = (n: number, minute: number, amount: number, merchant: string): [string, Tx] => [
      day(5, `12:${String(minute).padStart(2, '0')}`),
      { transaction_id: `small-${n}`, amount, merchant, channel: 'online' },
    ];
    /** The score of each transaction of `run` against the history with the ones before it. */
    const scores = (run: ReadonlyArray<[string, Tx]>): number[] =>
      run.map(([at, p], i) => assess(history(run.slice(0, i)), cardTransaction(at, p), config).score);
    const suspicious = (score: number) => score >= config.suspiciousScore;

    it('does not take one small purchase at a new online merchant for a card being tested', () => {
      // An e-book for 2.99 at a shop the card never used: new merchant, small amount online.
      const [score] = scores([online(1, 0, 299, 'E-book 17')]);
      expect(score).toBe(15 + 5 + 20);
      expect(suspicious(score!)).toBe(false);
    });

    it('freezes tiny amounts at new online merchants in a row, at home, by the second', () => {
      const run = [online(1, 0, 50, 'Shop A'), online(2, 2, 120, 'Shop B'), online(3, 6, 80, 'Shop C')];
      expect(scores(run).map(suspicious)).toEqual([false, true, true]);
    });

    it('freezes tiny amounts at one online merchant by the third', () => {
      const run = [0, 1, 2, 4].map((minute, i) => online(i + 1, minute, 100, 'Give Now'));
      expect(scores(run).map(suspicious)).toEqual([false, false, true, true]);
    });
  });

  describe('card testing from a country new to the card', () => {
    // Known merchants, so that only the burst speaks: tiny amounts from Brazil, minutes apart, at noon.
    const probe = (n: number, minute: number, amount = 150): [string, Tx] => [
      day(5, `12:${String(minute).padStart(2, '0')}`),
      { transaction_id: `probe-${n}`, amount, country: 'BR', local_time: '09:00' },
    ];
    const burst = [probe(1, 0), probe(2, 2), probe(3, 5)];

    it('scores the first in the new country, then the burst and the probing as they grow', () => {
      expect(pointsOf(history(), burst[0]![0], burst[0]![1])).toEqual({ 'new-country': 35 });
      expect(pointsOf(history(burst.slice(0, 1)), burst[1]![0], burst[1]![1])).toEqual({
        probing: 15,
        'burst-in-new-country': 10,
      });
      const third = assess(history(burst.slice(0, 2)), cardTransaction(burst[2]![0], burst[2]![1]), config);
      expect(third.score).toBeGreaterThanOrEqual(config.suspiciousScore);
      expect(Object.fromEntries(third.contributions.map((c) => [c.signal, c.points]))).toEqual({
        probing: 35,
        'burst-in-new-country': 30,
        velocity: 20,
      });
    });

    it('names the numbers: how many, in how many minutes, from where, how many under the probe amount', () => {
      const reasons = assess(history(burst.slice(0, 2)), cardTransaction(burst[2]![0], burst[2]![1]), config).reasons;
      expect(reasons).toContain(
        '3 transactions in 5 minutes from BR, a country new to the card, 4.50 EUR in all, 3 under 3.00 EUR',
      );
      expect(reasons).toContain('3 transactions under 3.00 EUR in 5 minutes (the card being tested)');
    });

    it('names the larger transaction that follows the probes', () => {
      const cashOut = pointsOf(history(burst), day(5, '12:09'), {
        transaction_id: 'cash-out',
        amount: 40_000,
        country: 'BR',
      });
      expect(cashOut.probing).toBe(35);
      expect(cashOut['burst-in-new-country']).toBe(40);
    });

    it('forgets the burst once it is older than the window', () => {
      // The same three probes, then one 40 minutes after the first: only the last two are in the window.
      const late = pointsOf(history(burst), day(5, '12:40'), { transaction_id: 'probe-4', amount: 150, country: 'BR' });
      expect(late).toEqual({});
    });

    it('does not count a run in a country the card knew before the window', () => {
      const known = history([[day(4, '12:00'), { transaction_id: 'tx-br', country: 'BR' }], ...burst.slice(0, 2)]);
      expect(pointsOf(known, burst[2]![0], burst[2]![1])['burst-in-new-country']).toBeUndefined();
    });
  });

  it('counts a device the card was never used from, once the card has known devices', () => {
    const withDevice = history([[day(4, '12:00'), { transaction_id: 'tx-d', device_id: 'phone-1' }]]);
    expect(pointsOf(withDevice, day(5, '12:00'), { transaction_id: 'tx-6', device_id: 'phone-1' })).toEqual({});
    expect(pointsOf(withDevice, day(5, '12:00'), { transaction_id: 'tx-6', device_id: 'laptop-9' })).toEqual({
      'new-device': 20,
    });
    // No device known yet: nothing to compare with.
    expect(pointsOf(history(), day(5, '12:00'), { transaction_id: 'tx-6', device_id: 'laptop-9' })).toEqual({});
  });

  describe('account takeover: a password change, then a transaction from somewhere new', () => {
    const withDevice = history([[day(4, '12:00'), { transaction_id: 'tx-d', device_id: 'phone-1' }]]);
    const changed = (context: CustomerContext, at: string, p: { device_id?: string; country?: string }) =>
      recordSignal(context, passwordChanged(at, p), config);

    it('counts the change, naming the minutes and where it came from', () => {
      const taken = changed(withDevice, day(5, '11:20'), { device_id: 'device-x', country: 'BR' });
      const tx = { transaction_id: 'tx-6', device_id: 'device-x', country: 'BR', amount: 1_000 };
      const assessment = assess(taken, cardTransaction(day(5, '12:00'), tx), config);
      expect(assessment.contributions.find((c) => c.signal === 'password-changed')?.points).toBe(30);
      expect(assessment.reasons).toContain(
        'password changed 40 minutes before, from device device-x in BR; this transaction from device device-x, new to the card; this transaction from BR, new to the card',
      );
      // New device, new country and the change: frozen on the first transaction.
      expect(assessment.score).toBeGreaterThanOrEqual(config.suspiciousScore);
    });

    it('does not judge a cardholder who changes their password and pays as usual', () => {
      const own = changed(withDevice, day(5, '11:20'), { device_id: 'phone-1', country: 'DE' });
      expect(pointsOf(own, day(5, '12:00'), { transaction_id: 'tx-6', device_id: 'phone-1' })).toEqual({});
    });

    it('forgets a change older than the window', () => {
      const taken = changed(withDevice, day(3, '11:20'), { device_id: 'device-x', country: 'BR' });
      const points = pointsOf(taken, day(5, '12:00'), { transaction_id: 'tx-6', device_id: 'device-x' });
      expect(points['password-changed']).toBeUndefined();
    });
  });

  it('names the merchant category of a first purchase at a merchant, when the network sends it', () => {
    const tx = { transaction_id: 'tx-6', merchant: 'Electro Online', merchant_category: '5732' };
    expect(assess(history(), cardTransaction(day(5, '12:00'), tx), config).reasons).toContain(
      'first transaction at Electro Online (5732)',
    );
  });

  it('sees the card present in two countries faster than anyone travels', () => {
    const inStore = history([[day(5, '12:00'), { transaction_id: 'tx-6', channel: 'in_store' }]]);
    const fr = { transaction_id: 'tx-7', country: 'FR', channel: 'in_store' as const };
    expect(pointsOf(inStore, day(5, '12:25'), fr)['impossible-travel']).toBe(30);
    expect(assess(inStore, cardTransaction(day(5, '12:25'), fr), config).reasons).toContain(
      'card present in FR 25 minutes after card present in DE',
    );
    expect(pointsOf(inStore, day(5, '14:00'), fr)['impossible-travel']).toBeUndefined();
    expect(pointsOf(inStore, day(5, '12:25'), { ...fr, channel: 'online' })['impossible-travel']).toBeUndefined();
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

  it('does not count one large purchase after small ones as a run of spending (version 14)', () => {
    // A coffee and a taxi (0.2 and 1.6 × typical), then a hotel at 8 × typical: 9.8 × in the hour,
    // but the others alone are under 2 × typical.
    const afternoon = history([
      [day(5, '12:00'), { transaction_id: 'tx-6', amount: 500 }],
      [day(5, '12:30'), { transaction_id: 'tx-7', amount: 4_000 }],
    ]);
    const hotel = { transaction_id: 'tx-8', amount: 20_000 };
    expect(pointsOf(afternoon, day(5, '12:50'), hotel)['spend-in-window']).toBeUndefined();
    expect(pointsOf(afternoon, day(5, '12:50'), hotel)['above-typical']).toBeGreaterThan(0);
    // Version 13 counted it.
    const v13 = { ...config, spendOthersTypicalFactor: 0 };
    expect(pointsOf(afternoon, day(5, '12:50'), hotel, v13)['spend-in-window']).toBe(25);
    // With others of 2 × typical or more (a taxi of 5,000 instead), it is a run.
    const run = history([
      [day(5, '12:00'), { transaction_id: 'tx-6', amount: 500 }],
      [day(5, '12:30'), { transaction_id: 'tx-7', amount: 5_000 }],
    ]);
    expect(pointsOf(run, day(5, '12:50'), hotel)['spend-in-window']).toBe(25);
    // Its reason names the transactions, the sum and what came before.
    expect(assess(run, cardTransaction(day(5, '12:50'), hotel), config).reasons).toContain(
      '255.00 EUR in 3 transactions within 60 minutes, 10 times the typical amount (55.00 EUR before this one)',
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

  it('does not judge a night-shift card by the hour', () => {
    const nightOwl = { transaction_id: 'tx-n', local_time: '02:30' };
    expect(pointsOf(history(), day(5, '02:30'), nightOwl)).toEqual({ 'unusual-hour': 20 });
    const nights = history([
      [day(5, '02:10'), { transaction_id: 'n-1', local_time: '02:10' }],
      [day(6, '03:40'), { transaction_id: 'n-2', local_time: '03:40' }],
      [day(7, '01:05'), { transaction_id: 'n-3', local_time: '01:05' }],
    ]);
    expect(pointsOf(nights, day(8, '02:30'), nightOwl)).toEqual({});
  });

  it('does not count a shop never used before when the card is present, in a country it knows or not (version 15)', () => {
    const shop = { transaction_id: 'tx-6', merchant: 'Hardware 12' };
    expect(pointsOf(history(), day(5, '12:00'), { ...shop, channel: 'in_store' })).toEqual({});
    expect(pointsOf(history(), day(5, '12:00'), { ...shop, channel: 'online' })).toEqual({ 'new-merchant': 15 });
    // In a country the card never saw, every shop is new: the new country says it.
    const abroad = { ...shop, country: 'FR' };
    expect(pointsOf(history(), day(5, '12:00'), { ...abroad, channel: 'in_store' })).toEqual({ 'new-country': 35 });
    expect(pointsOf(history(), day(5, '12:00'), { ...abroad, channel: 'online' })).toEqual({
      'new-country': 35,
      'new-merchant': 15,
    });
    // The network did not say whether the card was present: the shop counts, as before.
    expect(pointsOf(history(), day(5, '12:00'), abroad)).toEqual({ 'new-country': 35, 'new-merchant': 15 });
    // Version 14 counted the shop, card present in a new country.
    const v14 = { ...config, shopsNewInNewCountry: true };
    expect(pointsOf(history(), day(5, '12:00'), { ...abroad, channel: 'in_store' }, v14)).toEqual({
      'new-country': 35,
      'new-merchant': 15,
    });
    // What a new shop brings with it goes with it: a small amount at a new shop, and a new shop
    // again minutes after another (a ticket machine at the airport after a café there).
    const cafe = history([[day(5, '12:00'), { transaction_id: 'tx-6', merchant: 'Café 3', channel: 'online' }]]);
    const ticket = {
      transaction_id: 'tx-7',
      merchant: 'Tickets 8',
      amount: 500,
      country: 'FR',
      channel: 'in_store' as const,
    };
    expect(pointsOf(cafe, day(5, '12:05'), ticket)).toEqual({ 'new-country': 35 });
    expect(pointsOf(cafe, day(5, '12:05'), ticket, v14)).toEqual({
      'new-country': 35,
      'new-merchant': 15,
      'small-amount-at-new-merchant': 5,
      'new-merchants-in-a-row': 30,
    });
  });

  it('does not start a run of new merchants at a new shop in store (version 16)', () => {
    // A new shop in store at home (not counted as new) then an app bought online minutes later: one
    // new merchant, not two in a row.
    const bakery = history([[day(5, '12:00'), { transaction_id: 'tx-6', merchant: 'Bakery 4', channel: 'in_store' }]]);
    const app = { transaction_id: 'tx-7', merchant: 'Bus App 2', amount: 500, channel: 'online' as const };
    expect(pointsOf(bakery, day(5, '12:05'), app)).toEqual({
      'new-merchant': 15,
      'small-amount-at-new-merchant': 5,
      'unusual-amount-online': 20,
    });
    // Version 15 counted it a run.
    expect(pointsOf(bakery, day(5, '12:05'), app, { ...config, inStoreShopsStartRuns: true })).toMatchObject({
      'new-merchants-in-a-row': 30,
    });
    // A first purchase online, or one whose channel the network did not say, starts a run as before.
    for (const channel of ['online', undefined] as const) {
      const shop = history([
        [day(5, '12:00'), { transaction_id: 'tx-6', merchant: 'Shop 4', ...(channel && { channel }) }],
      ]);
      expect(pointsOf(shop, day(5, '12:05'), app)['new-merchants-in-a-row']).toBe(30);
    }
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
