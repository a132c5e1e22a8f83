import { createActor, initialTransition } from 'xstate';
import type { AnyStateMachine } from 'xstate';
import {
  cardTransaction,
  cartViewed,
  checkoutStarted,
  coreSession,
  day,
  emailLinkClicked,
  emitted,
  emittedExactly,
  emittedNothing,
  featureUsed,
  given,
  LifecycleSimulation,
  givenWith,
  notEmitted,
  orderCompleted,
  productAdded,
  productRemoved,
  productViewed,
  retentionOfferAccepted,
  screenViewed,
  session,
  signedIn,
  signedUp,
  stateIs,
  stateIsNot,
  subscriptionCancelled,
  subscriptionExpiring,
  subscriptionRenewed,
  timePasses,
  transactionConfirmed,
  transactionDisputed,
  viewedPage,
} from '../testing';
import { DAY, HOUR, MINUTE } from '../time/instant';
import { churnScore } from '../scoring/churn-score';
import { evidenceSum, longSilence } from '../features/engagement-evidence';
import { createLifecycleMachine, lifecycleMachine } from './lifecycle.machine';
import { defaultLifecycleConfig } from './lifecycle-config';
import { MissingLifecycleInputError } from './missing-lifecycle-input';

/** Two weeks of the customer's usual sessions: half an hour a day, the core feature used. */
const habitualUser = [
  signedUp(day(0)),
  ...Array.from({ length: 14 }, (_, d) => coreSession(day(d, '09:00'), 30 * 60)).flat(),
];
/** Then two sessions of a minute or so, without the core feature: worse than usual, not yet at risk. */
const fadingUser = [...habitualUser, ...session(day(14, '09:00'), 60), ...session(day(15, '09:00'), 45)];
const cancellationLook = viewedPage('https://app.example.com/pricing#cancel', day(16, '10:00'));
/**
 * Then more of the same through the week (a day without the product, two more sessions of under a
 * minute) and a look at the prices on Saturday.
 */
const decline = [
  ...session(day(17, '09:00'), 50),
  ...session(day(18, '09:00'), 40),
  viewedPage('https://app.example.com/pricing', day(19, '20:00')),
];

const sessionsReason =
  'sessions shorter, more often short or without core features than usually (29 minutes, 10 % short, 81 % of features used core ones)';

const cardholder = [
  cardTransaction(day(0, '12:10'), { transaction_id: 'tx-1', amount: 2_500 }),
  cardTransaction(day(1, '18:30'), { transaction_id: 'tx-2', amount: 4_000, local_time: '18:30' }),
  cardTransaction(day(2, '08:05'), { transaction_id: 'tx-3', amount: 12_000, local_time: '08:05' }),
];
const nightInBrazil = cardTransaction(day(3, '05:47'), {
  transaction_id: 'tx-4',
  amount: 95_000,
  country: 'BR',
  local_time: '02:47',
  merchant: 'Electro Rio',
});

describe('customer lifecycle: SaaS churn', () => {
  it('flags the account when a fading user looks at cancellation', () =>
    given(...fadingUser)
      .when(cancellationLook)
      .then(
        stateIs('at-risk'),
        emitted(
          'FlagAccountForSuccessTeamRequested',
          (c) =>
            c.data.churnScore === 100 &&
            c.reasons[0] === 'visited the cancellation section once in 14 days' &&
            c.reasons.includes(sessionsReason) &&
            c.data.suggestedScript.includes('plan options') &&
            c.requestedAt === day(16, '10:00'),
        ),
      ));

  it('does not flag the same fading user before the cancellation look', () =>
    given(...habitualUser)
      .when(...session(day(14, '09:00'), 60), ...session(day(15, '09:00'), 45))
      .then(stateIs('active'), notEmitted('FlagAccountForSuccessTeamRequested')));

  it('flags a customer who keeps fading against their own habit, without any cancellation look', () =>
    given(...fadingUser)
      .when(
        ...decline,
        // A watched customer's days close as they end: the weekend and the Monday without the product
        // are counted at their midnights, and the evidence reaches the threshold as Monday ends,
        // without waiting for a signal.
        timePasses(4 * DAY),
      )
      .then(
        stateIs('at-risk'),
        emitted(
          'FlagAccountForSuccessTeamRequested',
          (c) =>
            c.data.churnScore === 63 &&
            c.requestedAt === day(22, '00:00') &&
            c.reasons[0] === sessionsReason &&
            c.reasons.includes('looks at pricing more often than usually') &&
            c.reasons.includes(
              'uses the product on fewer days than usually: 3 of the last 7 days, against 5.0 usually (86 % of weekdays)',
            ) &&
            c.reasons.length === 3,
        ),
      ));

  it('does not flag a customer who uses the product as usual, however little', () =>
    given(signedUp(day(0)))
      .when(...Array.from({ length: 20 }, (_, d) => session(day(d, '09:00'), 90)).flat())
      .then(stateIs('active'), emittedNothing()));

  describe('a steady light user', () => {
    /**
     * About two six-minute evening sessions a week for eight weeks (every third or fourth day), the
     * core feature every other one.
     */
    const lightWeeks = Array.from({ length: 16 }, (_, i) => {
      const at = day(1 + Math.floor(3.5 * i), '20:30');
      return i % 2 === 0 ? coreSession(at, 6 * 60) : session(at, 6 * 60);
    }).flat();
    const trustedLikeADailyUser = {
      sparseEvidence: { usePerWeek: 0, power: 2, maxFactor: 4, ownDays: 10, trustDaysOfUse: 0 },
    };

    it('is not flagged: their own habit is learned before it is trusted, and their quiet days weigh less', () =>
      given(signedUp(day(0)))
        .when(...lightWeeks, timePasses(2 * DAY))
        .then(stateIs('active'), notEmitted('FlagAccountForSuccessTeamRequested')));

    it('is not flagged by their sparse data alone either, were quiet stretches never to settle', () =>
      givenWith({ rhythm: { ...defaultLifecycleConfig.rhythm, settlesAfterDays: Infinity } }, signedUp(day(0)))
        .when(...lightWeeks, timePasses(2 * DAY))
        .then(stateIs('active'), notEmitted('FlagAccountForSuccessTeamRequested')));

    it('would be flagged if their sparse data were trusted like a daily user’s, and a quiet stretch never settled', () =>
      givenWith(
        { ...trustedLikeADailyUser, rhythm: { ...defaultLifecycleConfig.rhythm, settlesAfterDays: Infinity } },
        signedUp(day(0)),
      )
        .when(...lightWeeks, timePasses(2 * DAY))
        .then(stateIs('at-risk'), emitted('FlagAccountForSuccessTeamRequested')));

    it('names the days of use against the usual, and how much more evidence a light user needs', () => {
      const light = new LifecycleSimulation(createLifecycleMachine()).run(signedUp(day(0)), ...lightWeeks);
      const { engagement, now } = light.snapshot.context;
      const reasons = churnScore(engagement, now, defaultLifecycleConfig).reasons;
      expect(reasons).toContainEqual(
        expect.stringMatching(
          /^uses the product on fewer days than usually: [0-3] of the last 7 days, against \d\.\d usually \(\d+ % of weekdays\); a light user \(about \d\.\d days of use a week\): \d\.\d times the usual evidence needed(; came back from .*)?$/,
        ),
      );
    });
  });

  describe('a customer who settles into fewer days after their first weeks (version 10)', () => {
    // Every weekday for two weeks, a last busy week, then a day or two a week for four weeks, each
    // session as long and as core as before: what many customers do once the first weeks are over.
    const settlingDays = [
      ...[0, 1, 2, 3, 4, 7, 8, 9, 10, 11],
      ...[19, 20, 21, 22, 27, 31, 38, 44, 45, 47, 48, 53],
    ].flatMap((d) => coreSession(day(d, '09:00'), 30 * 60));

    it('is not flagged: the quieter weeks became their usual', () =>
      given(signedUp(day(0)))
        .when(...settlingDays, timePasses(2 * DAY))
        .then(stateIs('active'), notEmitted('FlagAccountForSuccessTeamRequested')));

    it('would be flagged if a quiet stretch never settled', () =>
      givenWith({ rhythm: { ...defaultLifecycleConfig.rhythm, settlesAfterDays: Infinity } }, signedUp(day(0)))
        .when(...settlingDays, timePasses(2 * DAY))
        .then(emitted('FlagAccountForSuccessTeamRequested')));
  });

  it('brings an at-risk customer back to active when they use the core feature', () =>
    given(...fadingUser, cancellationLook)
      .when(featureUsed('reports', day(17), true))
      .then(stateIs('active'), emittedNothing()));

  it('brings an at-risk customer back when they click through an email', () =>
    given(...fadingUser, cancellationLook)
      .when(emailLinkClicked('win-back-1', day(17)))
      .then(stateIs('active'), emittedNothing()));

  it('brings an at-risk or churning customer back when they accept a retention offer', () => {
    given(...fadingUser, cancellationLook)
      .when(retentionOfferAccepted('offer-1', day(17)))
      .then(stateIs('active'), emittedNothing());
    given(...fadingUser, cancellationLook, timePasses(2 * DAY), timePasses(21 * DAY))
      .when(retentionOfferAccepted('offer-1', day(41)))
      .then(stateIs('active'), stateIsNot('churning'), emittedNothing());
  });

  it('keeps a customer whose renewal lapsed churning on an accepted offer until the renewal', () => {
    const lapsed = [signedUp(day(0)), subscriptionExpiring('sub-1', day(10), day(3)), timePasses(9 * DAY)];
    given(...lapsed)
      .when(retentionOfferAccepted('offer-1', day(13)))
      .then(stateIs('churning'), emittedNothing());
    given(...lapsed, retentionOfferAccepted('offer-1', day(13)))
      .when(subscriptionRenewed('sub-1', day(13, '10:00')))
      .then(stateIs('active'), emittedNothing());
  });

  it('keeps an at-risk customer at risk on a non-core feature', () =>
    given(...fadingUser, cancellationLook)
      .when(featureUsed('settings', day(17), false))
      .then(stateIs('at-risk'), emittedNothing()));

  it('sends the re-engagement email when an at-risk customer stays away, then turns churning', () =>
    given(...fadingUser, cancellationLook)
      .when(timePasses(2 * DAY), timePasses(21 * DAY))
      .then(
        stateIs('churning'),
        emittedExactly('ReEngagementEmailRequested', 'RetentionIncentiveRequested'),
        emitted(
          'RetentionIncentiveRequested',
          (c) => c.data.trigger === 'prolonged-risk' && c.requestedAt === day(39, '10:00'),
        ),
      ));

  it('cancels from at-risk, and a renewal wins the customer back', () => {
    given(...fadingUser, cancellationLook)
      .when(subscriptionCancelled('sub-1', day(17)))
      .then(stateIs('cancelled'), emittedNothing());
    given(...fadingUser, cancellationLook, subscriptionCancelled('sub-1', day(17)))
      .when(subscriptionRenewed('sub-1', day(25)))
      .then(stateIs('active'), emittedNothing());
  });

  it('records the customer as cancelled from active too', () =>
    given(signedUp(day(0)))
      .when(subscriptionCancelled('sub-1', day(1)))
      .then(stateIs('cancelled')));
});

describe('customer lifecycle: watching a fading customer', () => {
  it('closes no day of a customer who uses the product as usual: one check, four weeks after their first day', () => {
    const simulation = new LifecycleSimulation().run(...habitualUser, timePasses(3 * DAY));
    expect(simulation.snapshot.value).toMatchObject({ engagement: 'active', watch: 'watching' });
    // Set by their first day of use (day 0), kept through the days of use after it (version 11).
    expect(simulation.pendingTimers().map((t) => t.dueAt)).toEqual([day(29, '00:00')]);
  });

  it('watches a customer with evidence: one timer, at the end of their day', () => {
    const simulation = new LifecycleSimulation().run(...fadingUser, ...session(day(17, '09:00'), 50));
    expect(simulation.snapshot.value).toMatchObject({ engagement: 'active', watch: 'watching' });
    expect(simulation.snapshot.context.risk.dayEndDueAt).toBe(day(18, '00:00'));
    expect(simulation.pendingTimers().map((t) => t.dueAt)).toEqual([day(18, '00:00')]);
  });

  it('stops watching once the customer is at risk', () => {
    const simulation = new LifecycleSimulation().run(...fadingUser, ...decline, timePasses(5 * DAY));
    expect(simulation.snapshot.value).toMatchObject({ engagement: { 'at-risk': 'emailed' }, watch: 'idle' });
  });

  it('watches a silence that follows a decline, though its evidence is under the watch (version 10)', () => {
    // Three weeks of weekdays, then a session every other day or so, the core feature every other
    // one, then nothing: the last day of use closes on evidence between 2.5 (the silence counts) and 3.
    const fadingThenSilent = [
      ...[0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 14, 15, 16, 17, 18].flatMap((d) => coreSession(day(d, '09:00'), 30 * 60)),
      ...[22, 24, 27, 29, 31, 33].flatMap((d, i) => (i % 2 === 0 ? coreSession : session)(day(d, '09:00'), 20 * 60)),
    ];
    const simulation = new LifecycleSimulation().run(signedUp(day(0)), ...fadingThenSilent, timePasses(DAY));
    // The last day of use closed: under the watch's 3 units, but its silence counts.
    expect(simulation.snapshot.value).toMatchObject({ engagement: 'active', watch: 'watching' });
    expect(evidenceSum(simulation.snapshot.context.engagement.evidence!)).toBeLessThan(
      defaultLifecycleConfig.watchFromEvidence,
    );
    expect(simulation.snapshot.context.engagement.evidence!.sumAtLastUse).toBeGreaterThanOrEqual(
      defaultLifecycleConfig.silenceCountsAfter,
    );
    // Its silent days close as they end: flagged six days into the silence, with no signal.
    simulation.run(timePasses(10 * DAY));
    expect(simulation.emitted.find((c) => c.type === 'FlagAccountForSuccessTeamRequested')?.requestedAt).toBe(
      day(39, '00:00'),
    );
  });

  it('comes to the same evidence as the next signal would, only sooner', () => {
    const later = session(day(23, '09:00'), 45);
    const watched = new LifecycleSimulation().run(...fadingUser, ...decline, ...later);
    const unwatched = new LifecycleSimulation(
      createLifecycleMachine({ watchFromEvidence: Number.POSITIVE_INFINITY }),
    ).run(...fadingUser, ...decline, ...later);
    expect(watched.snapshot.context.engagement.evidence).toEqual(unwatched.snapshot.context.engagement.evidence);
    const flaggedAt = (s: LifecycleSimulation) =>
      s.emitted.find((c) => c.type === 'FlagAccountForSuccessTeamRequested')?.requestedAt;
    expect(flaggedAt(watched)).toBe(day(22, '00:00'));
    expect(flaggedAt(unwatched)).toBe(day(23, '09:00'));
  });
});

describe('customer lifecycle: a long silence (version 11)', () => {
  const flags = (s: LifecycleSimulation) =>
    s.emitted.filter((c) => c.type === 'FlagAccountForSuccessTeamRequested').map((c) => c.requestedAt);

  it('flags a customer gone four weeks without a word, as the 28th silent day ends', () => {
    const simulation = new LifecycleSimulation().run(...habitualUser, timePasses(27 * DAY));
    expect(flags(simulation)).toEqual([]);
    simulation.run(timePasses(2 * DAY));
    // Last used on day 13: days 14 to 41 silent.
    expect(flags(simulation)).toEqual([day(42, '00:00')]);
    const flag = simulation.emitted.find((c) => c.type === 'FlagAccountForSuccessTeamRequested')!;
    expect(flag.type === 'FlagAccountForSuccessTeamRequested' && flag.data.contributions[0]?.signal).toBe(
      'long-silence',
    );
    expect(flag.reasons[0]).toBe(
      'no use for 28 days, long for them from 28 (14 days of use in their 14 days before); no lull they came back from before',
    );
    expect(flag.type === 'FlagAccountForSuccessTeamRequested' && flag.data.suggestedScript).toContain('in a few weeks');
  });

  it('is not long once the customer is back, and leaves one back sooner alone', () => {
    // Flagged as day 42 began.
    const simulation = new LifecycleSimulation().run(...habitualUser, timePasses(29 * DAY));
    const evidence = simulation.snapshot.context.engagement.evidence!;
    const activity = simulation.snapshot.context.engagement.lastActivityAt;
    expect(longSilence(evidence, defaultLifecycleConfig, activity)).toBe(true);
    expect(longSilence({ ...evidence, usedToday: true }, defaultLifecycleConfig, activity)).toBe(false);
    // Back on day 41, after 27 silent days.
    const back = new LifecycleSimulation().run(
      ...habitualUser,
      ...coreSession(day(41, '09:00'), 1800),
      timePasses(DAY),
    );
    expect(flags(back)).toEqual([]);
    expect(back.snapshot.value).toMatchObject({ engagement: 'active' });
  });

  it('is not long while the customer is active in the product without using it, and counts from their last activity', () => {
    // After their two weeks, a page or a screen viewed every day until day 43 (a dashboard left
    // open, a mobile app that sends no sessions), no sign-in nor feature: days without use, not gone.
    const views = Array.from({ length: 30 }, (_, d) =>
      d % 2 === 0
        ? viewedPage('https://app.example.com/dashboard', day(14 + d, '10:00'))
        : screenViewed('Dashboard', day(14 + d, '10:00')),
    );
    const simulation = new LifecycleSimulation().run(...habitualUser, ...views, timePasses(27 * DAY));
    expect(flags(simulation)).toEqual([]);
    simulation.run(timePasses(2 * DAY));
    // Days 44 to 71 without any activity.
    expect(flags(simulation)).toEqual([day(72, '00:00')]);
    expect(simulation.emitted[0]?.reasons[0]).toMatch(
      /^no use for 58 days and no activity for 28 days, long for them from 28 /,
    );
  });

  it('forgives the silence so far on a fresh start: four more weeks after a renewal', () => {
    const simulation = new LifecycleSimulation().run(
      ...habitualUser,
      timePasses(30 * DAY),
      subscriptionRenewed('sub-1', day(43, '10:00')),
    );
    expect(simulation.snapshot.value).toMatchObject({ engagement: 'active' });
    simulation.run(timePasses(27 * DAY));
    expect(flags(simulation)).toEqual([day(42, '00:00')]);
    simulation.run(timePasses(2 * DAY));
    // The renewal closed day 42: 29 silent days forgiven, 28 more from then.
    expect(flags(simulation)).toEqual([day(42, '00:00'), day(71, '00:00')]);
    expect(simulation.emitted.at(-1)?.reasons[0]).toContain('(29 days before a fresh start forgiven)');
  });

  it('needs a longer silence from a customer who uses the product seldom', () => {
    const mondays = Array.from({ length: 8 }, (_, w) => coreSession(day(7 * w, '09:00'), 1800)).flat();
    const simulation = new LifecycleSimulation().run(signedUp(day(0)), ...mondays, timePasses(45 * DAY));
    // Eight days of use in 50: a silence of 38 days is as unlikely for them as one in 10,000.
    expect(flags(simulation)).toEqual([day(88, '00:00')]);
    expect(simulation.emitted.find((c) => c.type === 'FlagAccountForSuccessTeamRequested')?.reasons[0]).toMatch(
      /^no use for 38 days, long for them from 38 \(8 days of use in their 50 days before\)/,
    );
  });

  it('needs a silence longer than any lull the customer came back from', () => {
    const days = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => coreSession(day(from + i, '09:00'), 1800)).flat();
    // Gone from day 14, flagged, back on day 50 for three weeks, then gone again.
    const simulation = new LifecycleSimulation().run(
      signedUp(day(0)),
      ...days(0, 14),
      ...days(50, 71),
      timePasses(60 * DAY),
    );
    expect(flags(simulation)).toEqual([day(42, '00:00'), day(105, '00:00')]);
    const second = simulation.emitted.filter((c) => c.type === 'FlagAccountForSuccessTeamRequested')[1]!;
    expect(second.reasons[0]).toMatch(
      /^no use for 34 days, long for them from 34 .*the longest lull they came back from: 33 days$/,
    );
  });

  it('checks on a later day than the one under way, even with longSilenceDays 0', () => {
    const simulation = new LifecycleSimulation(createLifecycleMachine({ longSilenceDays: 0 })).run(
      ...habitualUser,
      timePasses(7 * DAY),
    );
    // One check a day at most over the 21 days, not a timer due at the day under way firing again
    // and again; their own habit makes a silence long after 5 days (from day 14 to 18).
    expect(simulation.steps.length).toBeLessThan(habitualUser.length + 2 * 21);
    expect(flags(simulation)).toEqual([day(19, '00:00')]);
  });

  it('is never long for a customer who never used the product, nor with longSilenceDays Infinity', () => {
    // Signals for two months, none of them a use of the product (a shopper, a cardholder).
    const never = new LifecycleSimulation().run(
      signedUp(day(0)),
      ...Array.from({ length: 7 }, (_, w) => viewedPage('https://app.example.com/', day(10 * w, '12:00'))),
      timePasses(60 * DAY),
    );
    expect(flags(never)).toEqual([]);
    expect(never.pendingTimers()).toEqual([]);
    const off = new LifecycleSimulation(createLifecycleMachine({ longSilenceDays: Number.POSITIVE_INFINITY })).run(
      ...habitualUser,
      timePasses(60 * DAY),
    );
    expect(flags(off)).toEqual([]);
    expect(off.pendingTimers()).toEqual([]);
  });
});

describe('customer lifecycle: banking fraud', () => {
  it('freezes the card and asks by SMS on a night-time first-country record amount', () =>
    given(...cardholder)
      .when(nightInBrazil)
      .then(
        stateIs('suspicious'),
        emittedExactly('CardFreezeRequested', 'FraudVerificationSmsRequested'),
        emitted(
          'CardFreezeRequested',
          (c) =>
            c.data.cardId === 'card-1' &&
            c.data.transactionId === 'tx-4' &&
            c.data.fraudScore >= 70 &&
            c.reasons.includes('at 02:47 local time') &&
            c.reasons.some((r) => r.startsWith('first transaction in BR')) &&
            c.reasons.some((r) => r.startsWith('950.00 EUR is 7.9 times the largest before (120.00 EUR)')),
        ),
        emitted('FraudVerificationSmsRequested', (c) => c.data.amount === 95_000 && c.data.merchant === 'Electro Rio'),
      ));

  it('unfreezes and clears when the cardholder confirms', () =>
    given(...cardholder, nightInBrazil)
      .when(transactionConfirmed('tx-4', day(3, '06:00')))
      .then(
        stateIs('fraud.clear'),
        emittedExactly('CardUnfreezeRequested'),
        emitted('CardUnfreezeRequested', (c) => c.data.cardId === 'card-1' && c.data.transactionId === 'tx-4'),
      ));

  it('keeps the card frozen when the cardholder disputes', () =>
    given(...cardholder, nightInBrazil)
      .when(transactionDisputed('tx-4', day(3, '06:00')), transactionConfirmed('tx-4', day(3, '07:00')))
      .then(stateIs('disputed'), emittedNothing()));

  it('ignores a confirmation of another transaction', () =>
    given(...cardholder, nightInBrazil)
      .when(transactionConfirmed('tx-1', day(3, '06:00')))
      .then(stateIs('suspicious'), emittedNothing()));

  it('does not suspect ordinary transactions, nor the first ones of a new cardholder', () => {
    given(...cardholder)
      .when(cardTransaction(day(4, '12:00'), { transaction_id: 'tx-5', amount: 3_000 }))
      .then(stateIs('fraud.clear'), emittedNothing());
    given()
      .when(
        cardTransaction(day(0, '03:00'), {
          transaction_id: 'tx-0',
          amount: 500_000,
          country: 'BR',
          local_time: '03:00',
        }),
      )
      .then(stateIs('fraud.clear'), emittedNothing());
  });

  it('opens a new case on another suspicious transaction after a dispute', () =>
    given(...cardholder, nightInBrazil, transactionDisputed('tx-4', day(3, '06:00')))
      .when(
        cardTransaction(day(5, '04:10'), {
          transaction_id: 'tx-9',
          card_id: 'card-2',
          amount: 99_000,
          country: 'NG',
          local_time: '03:10',
        }),
      )
      .then(
        stateIs('suspicious'),
        emitted('CardFreezeRequested', (c) => c.data.cardId === 'card-2'),
      ));

  describe('card testing in daytime', () => {
    /** Tiny amounts from Brazil at a merchant the card knows, a few minutes apart, at 9 am local time. */
    const probe = (n: number, minute: number) =>
      cardTransaction(day(4, `12:${String(minute).padStart(2, '0')}`), {
        transaction_id: `probe-${n}`,
        amount: 120,
        country: 'BR',
        local_time: '09:00',
      });

    it('lets the first two probes through and freezes the card on the third, naming the burst', () =>
      given(...cardholder, probe(1, 0), probe(2, 3))
        .when(probe(3, 6))
        .then(
          stateIs('suspicious'),
          emittedExactly('CardFreezeRequested', 'FraudVerificationSmsRequested'),
          emitted(
            'CardFreezeRequested',
            (c) =>
              c.data.transactionId === 'probe-3' &&
              c.reasons.includes(
                '3 transactions in 6 minutes from BR, a country new to the card, 3.60 EUR in all, 3 under 3.00 EUR',
              ) &&
              c.reasons.includes('3 transactions under 3.00 EUR in 6 minutes (the card being tested)'),
          ),
        ));

    it('is not yet suspicious after two probes', () =>
      given(...cardholder, probe(1, 0))
        .when(probe(2, 3))
        .then(stateIs('fraud.clear'), emittedNothing()));

    it('does not suspect a traveller’s first purchases in a new country', () =>
      given(...cardholder)
        .when(
          cardTransaction(day(4, '10:00'), {
            transaction_id: 'trip-1',
            amount: 3_000,
            country: 'PT',
            merchant: 'Cafe Lisboa',
          }),
          cardTransaction(day(4, '10:40'), {
            transaction_id: 'trip-2',
            amount: 2_000,
            country: 'PT',
            merchant: 'Metro Lisboa',
          }),
        )
        .then(stateIs('fraud.clear'), emittedNothing()));
  });

  it('keeps fraud independent of engagement', () =>
    given(...fadingUser, cancellationLook, ...cardholder.map((t) => ({ ...t, occurredAt: day(16, '12:00') })))
      .when({ ...nightInBrazil, occurredAt: day(16, '13:00') })
      .then(stateIs('at-risk'), stateIs('suspicious')));
});

describe('customer lifecycle: cart recovery', () => {
  const shopping = [
    productViewed('p-1', day(0, '10:00')),
    productAdded('cart-1', 'p-1', day(0, '10:01'), { price: 1_999 }),
  ];

  it('sends one recovery email with the items when no checkout follows within the delay', () =>
    given(...shopping)
      .when(productViewed('p-2', day(0, '10:20')), cartViewed('cart-1', day(0, '10:30')), timePasses(2 * HOUR))
      .then(
        stateIs('abandoned'),
        emittedExactly('CartRecoveryEmailRequested'),
        emitted(
          'CartRecoveryEmailRequested',
          (c) =>
            c.data.cartId === 'cart-1' &&
            c.data.items.length === 1 &&
            c.data.items[0]?.product_id === 'p-1' &&
            c.requestedAt === day(0, '11:01'),
        ),
      ));

  it('does not email again for the same cart on later views or updates', () =>
    given(...shopping, timePasses(2 * HOUR))
      .when(productViewed('p-1', day(0, '13:00')), productAdded('cart-1', 'p-3', day(0, '13:01')), timePasses(3 * HOUR))
      .then(stateIs('abandoned'), emittedNothing()));

  it('restarts the delay on a cart update, not on a view', () =>
    given(...shopping)
      .when(productAdded('cart-1', 'p-2', day(0, '10:50')), timePasses(30 * MINUTE))
      .then(stateIs('cart.open'), emittedNothing()));

  it('sends nothing when the customer checks out in time, or empties the cart', () => {
    given(...shopping)
      .when(checkoutStarted('cart-1', day(0, '10:30')), timePasses(3 * HOUR))
      .then(stateIs('checkingOut'), emittedNothing());
    given(...shopping)
      .when(productRemoved('cart-1', 'p-1', day(0, '10:30')), timePasses(3 * HOUR))
      .then(stateIs('cart.empty'), emittedNothing());
  });

  it('starts over with a new cart after a recovery email, and after an order', () => {
    given(...shopping, timePasses(2 * HOUR))
      .when(productAdded('cart-2', 'p-4', day(1)), timePasses(2 * HOUR))
      .then(emitted('CartRecoveryEmailRequested', (c) => c.data.cartId === 'cart-2'));
    given(...shopping, checkoutStarted('cart-1', day(0, '10:30')))
      .when(orderCompleted('o-1', day(0, '10:35')))
      .then(stateIs('cart.empty'), emittedNothing());
  });

  it('takes the delay from the configuration', () =>
    givenWith({ cartRecoveryDelayMs: 10 * MINUTE }, ...shopping)
      .when(timePasses(15 * MINUTE))
      .then(emitted('CartRecoveryEmailRequested', (c) => c.requestedAt === day(0, '10:11'))));
});

describe('customer lifecycle: returning customers', () => {
  it('notifies the success team of a login after 7 days away', () =>
    given(signedUp(day(0)), ...session(day(1), 600))
      .when(signedIn(day(8, '10:00')))
      .then(
        emitted(
          'ReturningCustomerNotificationRequested',
          (c) => c.data.inactiveDays === 7 && c.reasons[0] === 'logged in after 7 days without activity',
        ),
      ));

  it('stays quiet for a login after 6 days', () =>
    given(signedUp(day(0)), ...session(day(1), 600))
      .when(signedIn(day(7, '09:00')))
      .then(notEmitted('ReturningCustomerNotificationRequested')));
});

describe('customer lifecycle: renewals', () => {
  const expiring = subscriptionExpiring('sub-1', day(10), day(3));

  it('reminds when a subscription about to expire is not renewed', () =>
    given(signedUp(day(0)))
      .when(expiring, timePasses(1 * DAY))
      .then(
        stateIs('reminded'),
        emitted('RenewalReminderRequested', (c) => c.data.expiresAt === day(10) && c.requestedAt === day(4)),
      ));

  it('makes the customer churning with a retention incentive when the decline continues past expiry', () =>
    given(signedUp(day(0)), expiring, timePasses(1 * DAY))
      .when(timePasses(7 * DAY))
      .then(
        stateIs('churning'),
        stateIs('lapsed'),
        emittedExactly('RetentionIncentiveRequested'),
        emitted('RetentionIncentiveRequested', (c) => c.data.trigger === 'renewal-lapsed' && c.requestedAt === day(10)),
      ));

  it('needs no reminder when the customer renews in time', () =>
    given(signedUp(day(0)), expiring)
      .when(subscriptionRenewed('sub-1', day(3, '12:00')), timePasses(10 * DAY))
      .then(stateIs('active'), stateIs('renewal.none'), emittedNothing()));

  it('brings a churning customer back on renewal, or ends in cancellation', () => {
    const lapsed = [signedUp(day(0)), expiring, timePasses(9 * DAY)];
    given(...lapsed)
      .when(subscriptionRenewed('sub-1', day(13)))
      .then(stateIs('active'), stateIsNot('churning'), emittedNothing());
    given(...lapsed)
      .when(subscriptionCancelled('sub-1', day(13)))
      .then(stateIs('cancelled'), stateIs('renewal.none'), emittedNothing());
  });

  it('moves an at-risk customer whose renewal lapses to churning', () =>
    given(...fadingUser, cancellationLook, subscriptionExpiring('sub-1', day(17), day(16, '12:00')))
      .when(timePasses(1 * DAY))
      .then(stateIs('churning'), emitted('RetentionIncentiveRequested')));

  it('starts over when billing announces a new expiry', () =>
    given(signedUp(day(0)), expiring, timePasses(1 * DAY))
      .when(subscriptionExpiring('sub-1', day(20), day(5)), timePasses(1 * DAY))
      .then(
        stateIs('reminded'),
        emitted('RenewalReminderRequested', (c) => c.data.expiresAt === day(20)),
      ));
});

describe('customer lifecycle: input', () => {
  it('does not start without the customer id, and says so with a stable code', () => {
    // Typed machines demand their input; this is the untyped call a caller could still make.
    const snapshot = createActor(lifecycleMachine as AnyStateMachine).getSnapshot();
    expect(snapshot.status).toBe('error');
    expect(snapshot.error).toBeInstanceOf(MissingLifecycleInputError);
    expect((snapshot.error as MissingLifecycleInputError).code).toBe('MISSING_LIFECYCLE_INPUT');
  });

  it('starts with the customer id it is given', () => {
    const [snapshot] = initialTransition(lifecycleMachine, { customerId: 'customer-9' });
    expect(snapshot.status).toBe('active');
    expect(snapshot.context.customerId).toBe('customer-9');
  });
});
