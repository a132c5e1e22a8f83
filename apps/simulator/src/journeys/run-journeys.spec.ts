import {
  createLifecycleMachine,
  defaultLifecycleConfig,
  type CustomerSignal,
  type LifecycleConfig,
} from '@heed/domain';
import { SeededRandom } from '@heed/simulator';
import { LifecycleSimulation, timePasses } from '../../../../libs/domain/src/testing';
import { renderJourneys, runJourneys, type JourneyResult } from './run-journeys';
import { churnJourneys, fraudJourneys } from './outside-journeys';

describe('journeys outside the simulator', () => {
  const results = runJourneys(12, 7);
  const resultOf = (name: string) => results.find((r) => r.name === name)!;

  it('draws every journey as many times as asked', () => {
    expect(results.map((r) => r.name)).toEqual([...churnJourneys, ...fraudJourneys].map((j) => j.name));
    expect(results.every((r) => r.customers === 12)).toBe(true);
  });

  it('leaves steady customers alone, however seldom they come', () => {
    for (const name of [
      'every weekday, steady',
      'once a week, on Mondays',
      'once a week, any day',
      'a long day every other week',
      'in clumps: 3–4 days on, 4–9 off',
      'weekends only',
      'every weekday, a three-minute session with the core feature',
      'every weekday, a session from 23:30 UTC past midnight',
      'every weekday, then every day of week 3 long (a deadline), then as before',
      'every weekday, with three weeks of holiday from day 19 (23 days or more without use)',
    ])
      expect(resultOf(name).acted).toBe(0);
  });

  it('learns a monthly rhythm from its first month: a customer who comes back each month is flagged in the first only', () => {
    const monthly = churnJourneys.find((j) => j.name.startsWith('monthly:'))!;
    const start = Date.parse('2026-03-02T00:00:00.000Z');
    for (let i = 0; i < 12; i++) {
      const { signals } = monthly.draw(SeededRandom.derive(7, `${monthly.name}/${i}`));
      const flags = new LifecycleSimulation(createLifecycleMachine(), 'journey')
        .run(signals, timePasses(2 * 86_400_000))
        .emitted.filter((c) => c.type === 'FlagAccountForSuccessTeamRequested')
        .map((c) => Math.floor((Date.parse(c.requestedAt) - start) / 86_400_000));
      // 28 days without use after two days of use, with nothing yet that says a month is their
      // rhythm: flagged as day 31 begins (the day they come back), and never again in 20 weeks.
      expect(flags).toEqual([31]);
      expect(signals.at(-1)!.occurredAt > '2026-07-01').toBe(true);
    }
  });

  it('flags customers whose sessions collapse', () => {
    const collapse = resultOf('every weekday, then two-minute sessions without the core feature from week 5');
    expect(collapse.acted).toBeGreaterThanOrEqual(11);
    // Not before the sessions changed (day 28).
    expect(Math.min(...collapse.when)).toBeGreaterThanOrEqual(28);
  });

  it('flags customers who fade into silence or stop, and stay silent without cancelling (version 11)', () => {
    const fade = resultOf('every weekday, then fading to nothing over weeks 4–6, silent four weeks more');
    const gone = resultOf('every weekday for three weeks, then gone without cancelling');
    expect(fade.acted).toBe(fade.customers);
    expect(gone.acted).toBe(gone.customers);
    // Four weeks into their silence: their last use is in the third week (days 14 to 20).
    expect(Math.min(...gone.when)).toBeGreaterThanOrEqual(14 + 28);
    const [off] = runJourneys(12, 7, { longSilenceDays: Number.POSITIVE_INFINITY }, [
      churnJourneys.find((j) => j.name === gone.name)!,
    ]);
    expect(off!.acted).toBe(0);
  });

  // Legitimate, and larger than anything the card did before: Heed holds some of them (a freeze with
  // a verification SMS), which docs/quality.md reports.
  const largerThanUsual = [
    'a shopping spree online: four purchases at new shops within an hour, 20–80 EUR each',
    'a laptop online: one purchase of 600–1,500 EUR at a new shop, in the daytime',
    'a first afternoon abroad (FR), in store: a café, a taxi, a hotel',
  ];

  // Shown as they are in docs/quality.md, not goals met: a small purchase online in a new country
  // held when the card's typical amount is four times it or more; a copied card used in store at
  // home, where a new shop is an ordinary errand.
  const notYet = [
    'a foreign online subscription: 9.99 at a new merchant in the US',
    'a card copied at home, in store: four purchases of 150–400 EUR at new shops within two hours',
  ];

  it('does not freeze small purchases people make, and freezes a card being tested by its third transaction', () => {
    const judged = results.filter(
      (r) => r.kind === 'fraud' && !largerThanUsual.includes(r.name) && !notYet.includes(r.name),
    );
    expect(judged.length).toBe(fraudJourneys.length - largerThanUsual.length - notYet.length);
    for (const r of judged) {
      if (r.expected === 'nothing') expect(r.acted).toBe(0);
      else expect(r.byThird).toBe(r.customers);
    }
  });

  /** 40 customers of the fraud journey whose name starts with `name`, now and under `before`'s settings. */
  const nowAndBefore = (name: string, before: Partial<LifecycleConfig>): [JourneyResult, JourneyResult] => {
    const journey = fraudJourneys.filter((j) => j.name.startsWith(name));
    expect(journey).toHaveLength(1);
    return [runJourneys(40, 7, {}, journey)[0]!, runJourneys(40, 7, before, journey)[0]!];
  };

  it('freezes a card tested more slowly than the burst window by its third probe (version 13)', () => {
    const [v13, v12] = nowAndBefore('a card tested slowly', { probeRunWindowMs: 0 });
    expect(v13.byThird).toBe(40);
    expect(v12.acted).toBe(0);
  });

  it('does not count a large purchase after small ones as an hour of spending (version 14)', () => {
    const [v14, v13] = nowAndBefore(largerThanUsual[2]!, { spendOthersTypicalFactor: 0 });
    // Version 13 held most of them at the hotel: the café and the taxi made it an hour of spending.
    expect(v13.acted).toBeGreaterThan(20);
    expect(v13.when.every((k) => k === 3)).toBe(true);
    // Version 14 holds only those whose taxi (with the café, when within the hour) came to twice
    // their typical amount or more.
    expect(v14.acted).toBeLessThanOrEqual(4);
  });

  it('does not freeze a first purchase in store abroad for its shop as well as its country (version 15)', () => {
    const [v15, v14] = nowAndBefore('a late arrival abroad', { shopsNewInNewCountry: true });
    // A new country (35) and the hour (20): 55. Version 14 added the new shop (15): 70, frozen.
    expect(v15.acted).toBe(0);
    expect(v14.byThird).toBe(40);
  });

  it('does not count a new shop in store as the start of a run of new merchants (version 16)', () => {
    const [v16, v15] = nowAndBefore('a coffee at a new café', { inStoreShopsStartRuns: true });
    expect(v16.acted).toBe(0);
    // A new merchant (15) "again" (30), a small amount online (20) at it (5): 70, at the ticket.
    expect(v15.acted).toBeGreaterThan(20);
    expect(v15.when.every((k) => k === 2)).toBe(true);
  });

  it('holds fewer ordinary purchases that are a little larger than any before (version 12)', () => {
    const [v12, v11] = nowAndBefore(largerThanUsual[0]!, { aboveMaximumFactor: 1 });
    expect(v12.acted).toBeLessThan(v11.acted);
    // Far larger than any before, a one-off purchase is still held for the cardholder's answer.
    expect(resultOf(largerThanUsual[1]!).acted).toBe(12);
  });

  it('renders a row per journey, and counts them differently under another configuration', () => {
    expect(renderJourneys(results).split('\n')).toHaveLength(results.length + 2);
    // A customer judged against the first weeks for ever (quiet stretches never settle) is flagged
    // more often once they settle into fewer days.
    const settling = churnJourneys.filter((j) => j.name === 'every weekday for two weeks, then about two days a week');
    const neverSettling = { rhythm: { ...defaultLifecycleConfig.rhythm, settlesAfterDays: Number.POSITIVE_INFINITY } };
    const [never] = runJourneys(40, 7, neverSettling, settling);
    const [settled] = runJourneys(40, 7, {}, settling);
    expect(never!.acted).toBeGreaterThan(settled!.acted);
  });

  it('watches a silence that follows a decline, and flags during it rather than at the next signal (version 10)', () => {
    const fading = churnJourneys.find((j) => j.name.startsWith('every weekday, then fading to nothing'))!;
    const flaggedAt = (config: Partial<LifecycleConfig>, signals: readonly CustomerSignal[]) =>
      new LifecycleSimulation(createLifecycleMachine(config), 'journey')
        .run(signals, timePasses(2 * 86_400_000))
        .emitted.find((c) => c.type === 'FlagAccountForSuccessTeamRequested')?.requestedAt;
    // Without a long silence's checks (version 11) on either side: the day-by-day watch alone,
    // against no watch, where a silence is only judged at the next signal.
    const watched = { longSilenceDays: Number.POSITIVE_INFINITY };
    const unwatched = { ...watched, watchFromEvidence: Number.POSITIVE_INFINITY };
    const flags = Array.from({ length: 60 }, (_, i) => {
      const { signals } = fading.draw(SeededRandom.derive(1, `${fading.name}/${i}`));
      return { watched: flaggedAt(watched, signals), unwatched: flaggedAt(unwatched, signals) };
    });
    const sooner = flags.filter((f) => f.watched !== undefined && f.watched !== f.unwatched);
    expect(sooner.length).toBeGreaterThan(0);
    for (const f of sooner) {
      // At the end of a silent day, before any signal could have told.
      expect(f.watched).toMatch(/T00:00:00\.000Z$/);
      if (f.unwatched !== undefined) expect(Date.parse(f.watched!)).toBeLessThan(Date.parse(f.unwatched));
    }
  });
});
