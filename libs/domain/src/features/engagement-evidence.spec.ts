import { defaultLifecycleConfig } from '../lifecycle/lifecycle-config';
import type { CustomerSignal } from '../catalog/signal-catalog';
import {
  cardTransaction,
  coreSession,
  day,
  featureUsed,
  session,
  sessionEnded,
  signedIn,
  signedUp,
  supportTicketOpened,
  supportTicketResolved,
  viewedPage,
} from '../testing';
import { DAY, toMillis } from '../time/instant';
import { initialCustomerContext, type CustomerContext } from './customer-context';
import { evidenceOnDay, onBreak, strongestEvidence, usualMeasures, usualOf } from './engagement-evidence';
import { recordSignal } from './record-signal';
import { evidenceNeeded, withinRhythm } from '../scoring/churn-score';

const config = defaultLifecycleConfig;
const fold = (signals: readonly CustomerSignal[], from: CustomerContext = initialCustomerContext('c')) =>
  signals.reduce((context, signal) => recordSignal(context, signal, config), from);
const evidenceOf = (context: CustomerContext): number => strongestEvidence(context.engagement.evidence!).sum;

/** A customer's usual days: a half-hour session with the core feature on each day of `days`. */
const usualDays = (days: readonly number[]) => days.flatMap((d) => coreSession(day(d, '09:00'), 30 * 60));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
/** The weekdays among test days (day 0 is a Monday). */
const weekdays = (days: readonly number[]) => days.filter((d) => d % 7 < 5);
/** The day number (days since the epoch) of test day `d`. */
const dayNumber = (d: number) => Math.floor(toMillis(day(d, '00:00')) / DAY);

describe('engagement evidence', () => {
  it('stays low for a customer who uses the product as usual, for weeks', () => {
    let context = fold([signedUp(day(0))]);
    let highest = 0;
    for (const d of range(0, 56)) {
      // Weekdays only, and one day in five off: as usual, nothing to see.
      const weekday = new Date(day(d)).getUTCDay();
      if (weekday === 0 || weekday === 6 || d % 5 === 3) continue;
      context = fold(coreSession(day(d, '09:00'), (25 + (d % 4) * 5) * 60), context);
      highest = Math.max(highest, evidenceOf(context));
    }
    expect(highest).toBeLessThan(config.evidenceLearningBelow);
  });

  it('counts nothing before the usual behaviour is learned', () => {
    // Short sessions without the core feature from the first day: that is their usual.
    const context = fold(range(0, config.evidenceBaselineDays).flatMap((d) => session(day(d, '09:00'), 40)));
    expect(evidenceOf(context)).toBe(0);
  });

  it('builds up when a customer comes on fewer days, with short sessions and pricing looks', () => {
    const usual = fold(usualDays(range(0, 14)));
    const fading = fold(
      [
        ...session(day(14, '09:00'), 60),
        ...session(day(16, '09:00'), 50),
        viewedPage('https://app.example.com/pricing', day(17, '20:00')),
        ...session(day(19, '09:00'), 40),
      ],
      usual,
    );
    const { sum, parts } = strongestEvidence(fading.engagement.evidence!);
    expect(sum * config.evidencePoints).toBeGreaterThanOrEqual(config.atRiskScore);
    const [daysOfUse, sessions, pricing] = parts;
    expect(daysOfUse).toBeGreaterThan(0);
    expect(sessions).toBeGreaterThan(0);
    expect(pricing).toBeGreaterThan(0);
    // What is usual was not learned from the decline.
    expect(usualOf(fading.engagement.evidence!, 'short')).toBeLessThan(0.2);
  });

  it('takes a break for a break: days without any use beyond a few are not counted', () => {
    // Weekdays for three weeks, then away from a Saturday: the weekend's silence is nothing unusual,
    // and on Monday the silence is a break.
    const usual = fold(usualDays(weekdays(range(0, 21))));
    const back = fold(usualDays([36, 37, 38]), usual);
    expect(evidenceOf(back) * config.evidencePoints).toBeLessThan(config.atRiskScore);
    // The same days away in short steps are a decline.
    const away = fold(
      usualDays([23, 26, 29, 32, 35, 38]).filter((s) => s.type !== 'FeatureUsed'),
      usual,
    );
    expect(evidenceOf(away)).toBeGreaterThan(evidenceOf(back));
  });

  it('holds back what it sees while there is evidence, and learns it once the evidence is gone', () => {
    const usual = fold(usualDays(range(0, 14)));
    // Two short sessions: evidence, so those sessions are held back, not yet learned.
    const dip = fold([...session(day(14, '09:00'), 60), ...session(day(15, '09:00'), 45)], usual);
    const held = dip.engagement.evidence!;
    expect(evidenceOf(dip)).toBeGreaterThanOrEqual(config.evidenceLearningBelow);
    expect(held.held.some((x) => x > 0)).toBe(true);
    expect(usualOf(held, 'short')).toBe(usualOf(usual.engagement.evidence!, 'short'));
    // The usual days that follow bring the evidence down: the dip is learned with them, so what is
    // usual is not learned from the good days alone.
    const back = fold(usualDays(range(16, 24)), dip);
    const backOnly = fold(usualDays(range(16, 24)), usual);
    expect(evidenceOf(back)).toBeLessThan(config.evidenceLearningBelow);
    expect(back.engagement.evidence!.held.every((x) => x === 0)).toBe(true);
    expect(usualOf(back.engagement.evidence!, 'short')).toBeGreaterThan(
      usualOf(backOnly.engagement.evidence!, 'short'),
    );
  });

  it('learns the core share per feature used: a session of four uses says four times what one use says', () => {
    const prior = config.evidencePrior;
    const sessionOf = (uses: number) =>
      fold([
        signedUp(day(0)),
        signedIn(day(0, '09:00')),
        ...range(0, uses).map((u) => featureUsed('reports', day(0, `09:0${u + 1}`), false)),
        sessionEnded(day(0, '09:30'), 30 * 60),
      ]).engagement.evidence!;
    // Each feature use without the core one moves the usual core share 1/(uses seen so far) of the way to 0.
    expect(usualOf(sessionOf(1), 'core')).toBeCloseTo(
      (prior.coreShare * prior.weights.core) / (prior.weights.core + 1),
      10,
    );
    expect(usualOf(sessionOf(4), 'core')).toBeCloseTo(
      (prior.coreShare * prior.weights.core) / (prior.weights.core + 4),
      10,
    );
    expect(sessionOf(4).seen[usualMeasures.indexOf('core')]).toBe(prior.weights.core + 4);
  });

  it('closes the days a signal would close when a day begins without one', () => {
    const fading = fold(
      [...session(day(14, '09:00'), 60), viewedPage('https://app.example.com/pricing', day(15, '20:00'))],
      fold(usualDays(range(0, 14))),
    );
    const evidence = fading.engagement.evidence!;
    const today = Math.floor(toMillis(day(18, '00:00')) / DAY);
    const early = evidenceOnDay(evidence, today, fading.engagement.openTickets, config);
    expect(early.day).toBe(today);
    expect(strongestEvidence(early).sum).toBeGreaterThan(strongestEvidence(evidence).sum);
    // The next signal finds nothing more to close: the evidence is the same as without the early close.
    const next = session(day(18, '09:00'), 50);
    const afterEarly = fold(next, { ...fading, engagement: { ...fading.engagement, evidence: early } });
    expect(afterEarly.engagement.evidence).toEqual(fold(next, fading).engagement.evidence);
    // A day that has not begun yet changes nothing.
    expect(evidenceOnDay(evidence, evidence.day!, fading.engagement.openTickets, config)).toBe(evidence);
  });

  it('counts a long silence that follows a decline, and not one that follows the usual', () => {
    // Weekdays for three weeks, then silent from a Saturday: a break.
    const usual = fold(usualDays(weekdays(range(0, 21))));
    const silentAfterUsual = evidenceOnDay(usual.engagement.evidence!, dayNumber(30), [], config);
    expect(onBreak(silentAfterUsual, config)).toBe(true);
    const declining = fold(
      [20, 40, 30, 45, 35, 25, 50].flatMap((seconds, d) => session(day(21 + d, '09:00'), seconds)),
      usual,
    );
    // The last day of use (day 27) closes on evidence of a decline: what the silence follows.
    const lastUseClosed = evidenceOnDay(declining.engagement.evidence!, dayNumber(28), [], config);
    expect(lastUseClosed.sumAtLastUse).toBeGreaterThanOrEqual(config.silenceCountsAfter);
    const silentAfterDecline = evidenceOnDay(declining.engagement.evidence!, dayNumber(36), [], config);
    expect(onBreak(silentAfterDecline, config)).toBe(false);
    // Every silent day counted: more than the first `breakAfterSilentDays` would give.
    const firstDaysOnly = evidenceOnDay(
      declining.engagement.evidence!,
      dayNumber(28 + config.breakAfterSilentDays),
      [],
      config,
    );
    expect(strongestEvidence(silentAfterDecline).sum).toBeGreaterThan(strongestEvidence(firstDaysOnly).sum);
  });

  it('does not count a lull of a daily user, though its first silent days pile up evidence', () => {
    // Every day for three weeks, then nothing from day 21: the silent days before the break add
    // evidence beyond `silenceCountsAfter`, but the last day of use closed on none.
    const daily = fold(usualDays(range(0, 21)));
    const atBreak = evidenceOnDay(daily.engagement.evidence!, dayNumber(21 + config.breakAfterSilentDays), [], config);
    expect(strongestEvidence(atBreak).sum).toBeGreaterThan(config.silenceCountsAfter);
    expect(atBreak.sumAtLastUse).toBeLessThan(config.silenceCountsAfter);
    const twoWeeksLater = evidenceOnDay(daily.engagement.evidence!, dayNumber(35), [], config);
    expect(onBreak(twoWeeksLater, config)).toBe(true);
    expect(strongestEvidence(twoWeeksLater).sum).toBe(strongestEvidence(atBreak).sum);
  });

  it('counts a ticket left open against the customer, and a resolution for them', () => {
    const usual = fold(usualDays(range(0, 14)));
    const opened = fold([supportTicketOpened('t-1', day(14, '10:00'))], usual);
    const lingering = fold(usualDays([15, 16, 17, 18]), opened);
    const resolved = fold([supportTicketResolved('t-1', day(15, '08:00')), ...usualDays([15, 16, 17, 18])], opened);
    expect(evidenceOf(lingering)).toBeGreaterThan(evidenceOf(resolved));
  });

  it('has none for a customer who never uses the product', () => {
    const cardholder = fold(range(0, 30).map((d) => cardTransaction(day(d, '12:00'), { transaction_id: `tx-${d}` })));
    expect(cardholder.engagement.evidence).toBeNull();
  });
});

describe("a customer's own rhythm (version 9)", () => {
  // Weekdays as usual for three weeks, then a quiet stretch (one short session a week), then back
  // before the stretch would become the new usual (version 10).
  const quiet = (from: number, to: number) =>
    range(from, to)
      .filter((d) => d % 7 === 2)
      .flatMap((d) => session(day(d, '09:00'), 40));
  const cameBack = fold([
    ...usualDays(weekdays(range(0, 21))),
    ...quiet(21, 31),
    ...usualDays(weekdays(range(31, 49))),
  ]);

  it('remembers a lull the customer came back from, and how long it was', () => {
    const e = cameBack.engagement.evidence!;
    expect(e.lullsReturned).toBe(1);
    expect(e.longestLullReturned).toBeGreaterThanOrEqual(config.rhythm.shortestLull);
    expect(e.quietDays).toBe(0);
  });

  it('asks more evidence of a quiet stretch like one they came back from, and the usual evidence of a longer one', () => {
    const again = fold(quiet(49, 56), cameBack);
    const e = evidenceOnDay(again.engagement.evidence!, dayNumber(56), [], config);
    expect(withinRhythm(e, config)).toBe(true);
    expect(evidenceNeeded(e, config)).toBe(config.rhythm.factor);
    const longer = evidenceOnDay(e, dayNumber(56 + e.longestLullReturned + config.rhythm.longerByDays + 2), [], config);
    expect(withinRhythm(longer, config)).toBe(false);
  });

  it('has no rhythm to go by for a customer who never came back from a lull', () => {
    const fading = fold(quiet(21, 35), fold(usualDays(weekdays(range(0, 21)))));
    const e = fading.engagement.evidence!;
    expect(e.longestLullReturned).toBe(0);
    expect(withinRhythm(e, config)).toBe(false);
  });
});

describe('a quiet stretch that becomes the usual (version 10, ADR 0088)', () => {
  // Every weekday for two weeks, a last busy week, then a day or two a week, as engaged as before.
  const settling = usualDays([
    ...[0, 1, 2, 3, 4, 7, 8, 9, 10, 11],
    ...[19, 20, 21, 22, 27, 31, 38, 44, 45, 47, 48, 53],
  ]);
  const neverSettling = { ...config, rhythm: { ...config.rhythm, settlesAfterDays: Number.POSITIVE_INFINITY } };
  /** The evidence of `signals` before test day `d`, its days closed up to `d`, under configuration `c`. */
  const evidenceOf = (signals: readonly CustomerSignal[], c: typeof config, d: number) => {
    const context = signals
      .filter((signal) => signal.occurredAt < day(d, '00:00'))
      .reduce((ctx, signal) => recordSignal(ctx, signal, c), initialCustomerContext('c'));
    return evidenceOnDay(context.engagement.evidence!, dayNumber(d), [], c);
  };
  const evidenceAt = (c: typeof config, d: number) => evidenceOf(settling, c, d);

  it('learns the quieter days once the stretch has lasted, and starts the evidence again', () => {
    const settled = evidenceAt(config, 57);
    const held = evidenceAt(neverSettling, 57);
    expect(strongestEvidence(held).sum).toBeGreaterThan(config.evidenceLearningBelow);
    expect(strongestEvidence(settled).sum).toBeLessThan(strongestEvidence(held).sum / 2);
    expect(usualOf(settled, 'weekday')).toBeLessThan(usualOf(held, 'weekday'));
  });

  it('needs the stretch to last: a shorter one is still evidence', () => {
    const early = evidenceAt(config, 36);
    expect(early.quietDays).toBeGreaterThan(0);
    expect(early.quietDays).toBeLessThan(config.rhythm.settlesAfterDays);
    expect(strongestEvidence(early).sum).toBe(strongestEvidence(evidenceAt(neverSettling, 36)).sum);
  });

  it('keeps the settled stretch as part of the rhythm, and forgets the evidence at the last day of use', () => {
    const settled = evidenceAt(config, 45);
    expect(settled.lullsReturned).toBeGreaterThan(evidenceAt(neverSettling, 45).lullsReturned);
    // As long as the stretch had gone on when it settled: what the same days make of it unsettled.
    expect(settled.longestLullReturned).toBe(evidenceAt(neverSettling, 45).quietDays);
    expect(settled.longestLullReturned).toBeGreaterThanOrEqual(config.rhythm.settlesAfterDays);
    expect(settled.sumAtLastUse).toBe(0);
  });

  it('does not settle the days of a break: a customer back from one keeps their evidence and their lull', () => {
    // Three weeks as usual, two weeks away (a break), then back: a short first day, then as usual.
    const back = [...usualDays(weekdays(range(0, 21))), ...session(day(35, '09:00'), 60), ...usualDays([36, 37, 38])];
    const upTo = (c: typeof config, d: number) => evidenceOf(back, c, d);
    // The quiet stretch (the break's days) is longer than the days that settle one.
    expect(upTo(config, 36).quietDays).toBeGreaterThan(config.rhythm.settlesAfterDays);
    expect(upTo(config, 36)).toEqual(upTo(neverSettling, 36));
    expect(upTo(config, 39)).toEqual(upTo(neverSettling, 39));
    expect(upTo(config, 39).lullsReturned).toBe(1);
  });

  it('does not settle on a day of a break, though the stretch is long enough', () => {
    // Two weeks of weekdays, sessions on days 17 and 22, then nothing until day 34: a break.
    const sessions: Array<[number, boolean, number]> = [
      [0, true, 18],
      [1, false, 26],
      [2, false, 21],
      [3, true, 16],
      [4, false, 23],
      [7, true, 24],
      [8, false, 33],
      [9, true, 24],
      [10, true, 18],
      [11, false, 29],
      [17, false, 15],
      [22, false, 21],
      [34, true, 13],
    ];
    const signals = sessions.flatMap(([d, core, minutes]) =>
      (core ? coreSession : session)(day(d, '09:00'), minutes * 60),
    );
    const at = (c: typeof config, d: number) => evidenceOf(signals, c, d);
    const breakDay = at(config, 27);
    expect(onBreak(breakDay, config)).toBe(true);
    expect(breakDay.quietDays).toBeGreaterThanOrEqual(config.rhythm.settlesAfterDays);
    expect(strongestEvidence(breakDay).sum).toBeGreaterThan(0);
    expect(breakDay).toEqual(at(neverSettling, 27));
  });

  it('does not settle a silence that counts: a decline going on', () => {
    // Three weeks as usual, then a session every other day or so, shorter and without the core
    // feature now and then, then nothing: the silence follows a decline and counts.
    const fading = [
      ...usualDays(weekdays(range(0, 21))),
      ...[22, 24, 27, 29, 31, 33].flatMap((d, i) => (i % 2 === 0 ? coreSession : session)(day(d, '09:00'), 20 * 60)),
    ];
    const at = (c: typeof config, d: number) => evidenceOf(fading, c, d);
    expect(at(config, 38).quietDays).toBeGreaterThanOrEqual(config.rhythm.settlesAfterDays);
    expect(onBreak(at(config, 38), config)).toBe(false);
    expect(strongestEvidence(at(config, 40)).sum).toBe(strongestEvidence(at(neverSettling, 40)).sum);
  });
});

describe('a quiet first week (version 17, ADR 0097)', () => {
  const asVersion16 = { ...config, rhythm: { ...config.rhythm, fromFirstDay: false } };
  /** The evidence of `signals` before test day `d`, its days closed up to `d`, under configuration `c`. */
  const evidenceAt = (signals: readonly CustomerSignal[], c: typeof config, d: number) =>
    evidenceOnDay(
      signals
        .filter((signal) => signal.occurredAt < day(d, '00:00'))
        .reduce((ctx, signal) => recordSignal(ctx, signal, c), initialCustomerContext('c')).engagement.evidence!,
      dayNumber(d),
      [],
      c,
    );
  // Two short sessions in the first week, then every weekday, half an hour with the core feature.
  const startedQuiet = [
    ...session(day(0, '09:00'), 40),
    ...session(day(2, '09:00'), 40),
    ...usualDays(weekdays(range(7, 28))),
  ];

  it('counts a stretch found on the first whole week from the first day: a customer who starts quiet came back from it', () => {
    const e = evidenceAt(startedQuiet, config, 28);
    expect(e.lullsReturned).toBe(1);
    expect(e.longestLullReturned).toBeGreaterThanOrEqual(7);
    // Counted from the day it was found, the stretch was too short to be a lull.
    expect(evidenceAt(startedQuiet, asVersion16, 28).lullsReturned).toBe(0);
  });

  it('asks more evidence of a quiet stretch like the first week', () => {
    const quietAgain = [...startedQuiet, ...session(day(30, '09:00'), 40)];
    const e = evidenceAt(quietAgain, config, 35);
    expect(e.quietDays).toBeGreaterThan(0);
    expect(withinRhythm(e, config)).toBe(true);
    expect(evidenceNeeded(e, config)).toBe(config.rhythm.factor);
    expect(withinRhythm(evidenceAt(quietAgain, asVersion16, 35), asVersion16)).toBe(false);
  });

  it('counts from the first day a stretch found when the days up to the first look are closed at once', () => {
    // Two short sessions, then nothing until day 8 begins: days 2–7 are closed together.
    const quietThenAway = [...session(day(0, '09:00'), 40), ...session(day(1, '09:00'), 40)];
    const e = evidenceAt(quietThenAway, config, 8);
    expect(e.quietDays).toBe(8);
    expect(evidenceAt(quietThenAway, asVersion16, 8).quietDays).toBeLessThan(8);
  });

  it('counts a stretch found after the first look from the day it is found, as before', () => {
    // Three weeks as usual, then a short session a week.
    const laterQuiet = [
      ...usualDays(weekdays(range(0, 21))),
      ...session(day(23, '09:00'), 40),
      ...session(day(30, '09:00'), 40),
    ];
    const e = evidenceAt(laterQuiet, config, 33);
    expect(e.quietDays).toBeGreaterThan(0);
    expect(e.quietDays).toBeLessThan(33 - 21);
    expect(e).toEqual(evidenceAt(laterQuiet, asVersion16, 33));
  });

  it('does not count back a break after days as usual: the first days were not quiet', () => {
    // Three weekdays as usual, four days away, then every weekday again.
    const awayAfterAStart = usualDays([0, 1, 2, ...weekdays(range(7, 28))]);
    // The break makes a quiet stretch on the first whole week, counted from the day it is found.
    expect(evidenceAt(awayAfterAStart, config, 7).quietDays).toBeGreaterThan(0);
    expect(evidenceAt(awayAfterAStart, config, 7).quietDays).toBeLessThan(7);
    const e = evidenceAt(awayAfterAStart, config, 28);
    expect(e).toEqual(evidenceAt(awayAfterAStart, asVersion16, 28));
    expect(e.lullsReturned).toBe(0);
  });
});
