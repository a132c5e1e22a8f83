import type { DisengagementModel } from '../features/engagement-evidence';
import { DAY, HOUR, MINUTE } from '../time/instant';

/**
 * Thresholds, delays and window sizes of the lifecycle. Durations are milliseconds. Every default is
 * documented here and in docs/lifecycle.md; the machine contains no literals of its own.
 */
export type LifecycleConfig = Readonly<{
  /** A session shorter than this many seconds is "short". Default 120 (2 minutes). */
  shortSessionSeconds: number;
  /**
   * Engagement levels (0–1) the churn evidence weighs against "as usual": one cumulative sum each;
   * the strongest counts. Default `[0.7, 0.5, 0.3]`.
   */
  evidenceLevels: readonly number[];
  /** Days from the first signal before evidence counts (the usual behaviour is learned first). Default 8. */
  evidenceBaselineDays: number;
  /**
   * While evidence stands at this much or more, observations are held back from the usual behaviour,
   * and learned once it falls below again (a decline is not the new usual; the usual is not learned
   * from the good days alone). Default 0.5.
   */
  evidenceLearningBelow: number;
  /**
   * Each new observation weighs at least this much in the usual behaviour: a long memory (the last
   * hundred or so observations), a plain mean (the prior's weight included) until a hundred are
   * seen. Default 0.01.
   */
  evidenceLearningRate: number;
  /** More days than this without using the product in a row are a break: not counted as a decline. Default 3. */
  breakAfterSilentDays: number;
  /**
   * A silence counts however long it lasts when the evidence stood at this much or more as the
   * customer's last day of use closed: it follows a decline, it is not a break. Default 2.5.
   */
  silenceCountsAfter: number;
  /**
   * A silence of this many days is at-risk by itself (version 11), for a customer who has used the
   * product: longer still for one whose own habit makes it likelier (a silence as likely as
   * `longSilenceChance` at most), and longer than any lull they came back from; counted from their
   * last day of use, or from a fresh start after re-engagement if that came later. Without it a
   * customer who fades away, or stops, and never cancels is never flagged: a silence longer than a
   * break counts nothing as evidence unless it follows a decline. Default 28 (four weeks, longer
   * than most holidays); `Infinity` never.
   */
  longSilenceDays: number;
  /**
   * The chance of a silence as long, under the customer's own days of use, below which it is long.
   * Default 0.0001: 42 days for a customer who has used the product on one day a week for two
   * months, the 28 days for one using it on two days a week or more.
   */
  longSilenceChance: number;
  /** Churn points per unit of evidence (a log-likelihood ratio): 7 units make 70 points. Default 10. */
  evidencePoints: number;
  /**
   * From this much evidence an active customer is watched: each day is closed at its end (a timer)
   * rather than by the customer's next signal, so that silent days count when they pass. So is one
   * whose silence would count (`silenceCountsAfter`; version 10). Default 3; `Infinity` watches
   * nobody.
   */
  watchFromEvidence: number;
  /** What a disengaging customer does differently (`DisengagementModel`). */
  disengagement: DisengagementModel;
  /**
   * What is usual before a customer shows their own: chances of use on a weekday (0.8) and at the
   * weekend (0.25), short share (0.12, never read below 0.08), core share of features (0.7), session
   * length (20 minutes, spread of its log 0.5), pricing looks (0.015) and tickets (0.02) a day; each
   * worth as many observations as `weights` says: the less customers differ in a habit, the more a
   * few weeks of one customer's own are read against what is usual for everyone.
   */
  evidencePrior: Readonly<{
    weekdayUse: number;
    weekendUse: number;
    shortShare: number;
    shortFloor: number;
    coreShare: number;
    sessionMinutes: number;
    logMinutesSpread: number;
    pricingPerDay: number;
    ticketsPerDay: number;
    /**
     * Observations each prior is worth: days for the chances of use (`use`, 25), sessions for the
     * short share (`short`, 60) and the length (`length`, 1.5), feature uses for the core share
     * (`core`, 25), days for pricing looks and tickets (`rare`, 100).
     */
    weights: Readonly<{ use: number; short: number; core: number; length: number; rare: number }>;
  }>;
  /**
   * Evidence needed from customers whose own habit is sparse: one who uses the product on fewer than
   * `usePerWeek` days a week (their own chances, without the prior, once `ownDays` days of their own
   * are learned) needs (`usePerWeek` / their days) ^ `power` times the evidence, at most `maxFactor`.
   * Until a customer has shown `trustDaysOfUse` days of use, everything observed is learned, none
   * held back: there is no habit of theirs to protect yet. Defaults 3.5 days, 2, at most 4, from 10
   * days; 8 days of use.
   */
  sparseEvidence: Readonly<{
    usePerWeek: number;
    power: number;
    maxFactor: number;
    ownDays: number;
    trustDaysOfUse: number;
  }>;
  /**
   * The customer's own rhythm of lulls. A closed day is quiet when the evidence of the last 7 days
   * alone, at engagement `level`, is `quietFrom` or more, or when it is a day of a break; a quiet
   * stretch ends when that week's evidence is `backAt` or less, and one of `shortestLull` days or
   * more is then a lull the customer came back from. While the quiet stretch under way is no longer
   * than the longest lull they came back from plus `longerByDays`, they need `factor` times the
   * evidence (or the sparse factor, if larger). A quiet stretch of `settlesAfterDays` days or more,
   * with `settlesWithDaysOfUse` days of use among the last `settlesAfterDays` and no silence longer
   * than a break under way, is the customer's new usual: what was held back is learned and the
   * evidence starts again from 0. Defaults 0.5, 2, −1, 5 days, 10 days, 6, 12 days, 2 days. With
   * `fromFirstDay`, a stretch that the week's evidence finds quiet on the first look at a whole week
   * of the customer's (the seventh day from their first day of use) began with them: it is counted
   * from their first day of use. Default true (version 17); false is version 16, counted from the
   * day it is found.
   */
  rhythm: Readonly<{
    level: number;
    quietFrom: number;
    backAt: number;
    shortestLull: number;
    longerByDays: number;
    factor: number;
    settlesAfterDays: number;
    settlesWithDaysOfUse: number;
    fromFirstDay: boolean;
  }>;
  /** A support ticket open for this many days counts towards churn. Default 3. */
  lingeringTicketDays: number;
  /** A login after at least this many days of inactivity notifies the success team. Default 7. */
  returningAfterInactiveDays: number;
  /** Pricing and cancellation visits count for this many days. Default 14. */
  intentWindowDays: number;
  /** Paths of pricing pages. Default `['/pricing', '/plans']`. */
  pricingPaths: readonly string[];
  /** A page is a cancellation page when its path or URL fragment contains one of these. Default `['cancel']`. */
  cancellationMarkers: readonly string[];
  /** Churn score (0–100) at which an active customer turns at-risk. Default 62. */
  atRiskScore: number;
  /** Fraud score (0–100) at which a transaction makes the customer suspicious. Default 65. */
  suspiciousScore: number;
  /** Transactions needed before "new country" and "largest ever" mean anything. Default 3. */
  fraudBaselineTransactions: number;
  /** Local hours `[from, to)` that are unusual for card use. Default 0–5 (midnight to 5 am). */
  unusualHours: Readonly<{ from: number; to: number }>;
  /**
   * A card with at least this many of its recent transactions in the unusual hours (a night shift)
   * is not judged by the hour. Default 3.
   */
  usualNightTransactions: number;
  /** Velocity: this many transactions … Default 3. */
  velocityCount: number;
  /** … within this window count as a burst. Default 10 minutes. */
  velocityWindowMs: number;
  /** A transaction at least this many times the typical (median) amount is unusual. Default 2. */
  typicalAmountFactor: number;
  /**
   * A transaction counts as larger than any before (`above-maximum`) above this many times the
   * largest before in its currency: a new largest that is only a little larger is what a narrow
   * history makes of ordinary spending (version 12). Default 1.5; 1 is version 11.
   */
  aboveMaximumFactor: number;
  /** A transaction at a new merchant at most this fraction of the typical amount looks like card testing. Default 0.25. */
  smallAmountFactor: number;
  /** Spending within this window … Default 1 hour. */
  spendWindowMs: number;
  /** … at least this many times the typical amount is unusual. Default 6. */
  spendTypicalFactor: number;
  /**
   * … and the other transactions of the window alone at least this many times the typical amount:
   * a run of spending, not one large purchase after a coffee and a taxi, whose amount `above-typical`
   * already counts (version 14). Default 2; 0 is version 13.
   */
  spendOthersTypicalFactor: number;
  /**
   * The sliding window of card testing: transactions under `probeAmount` (probing) and runs in a
   * country new to the card are counted within it. Default 30 minutes.
   */
  burstWindowMs: number;
  /** An amount under this (minor units, in the billed currency) is a probe: 3.00 by default (300). */
  probeAmount: number;
  /**
   * Card testing slower than the burst window: three probes or more at merchants new to the card,
   * none in store, within this window count (`fraudWeights.probesAtNewMerchants`). Default 2 hours
   * (version 13); 0 is version 12.
   */
  probeRunWindowMs: number;
  /**
   * Whether a shop new to the card counts (`new-merchant`) when the card is present in a country it
   * was never used in, where every shop is new and `new-country` already counts. Default false
   * (version 15); true is version 14.
   */
  shopsNewInNewCountry: boolean;
  /**
   * Whether a first purchase at a shop, card present, makes a new merchant minutes after it
   * `new-merchants-in-a-row` (with the defaults such a shop does not count as new itself). Default
   * false (version 16); true is version 15.
   */
  inStoreShopsStartRuns: boolean;
  /** Card present in two countries less than this apart cannot be the same person. Default 1 hour. */
  travelWindowMs: number;
  /**
   * A password change this shortly before a transaction from a device or a country new to the card
   * (or made from one) counts towards fraud (`fraudWeights.passwordChanged`). Default 24 hours.
   */
  passwordChangeWindowMs: number;
  /** Transactions kept for typical amount and velocity. Default 20. */
  recentTransactions: number;
  /** A cart with no checkout for this long gets one recovery email. Default 1 hour. */
  cartRecoveryDelayMs: number;
  /** An at-risk customer who has not re-engaged after this long gets the re-engagement email. Default 2 days. */
  reEngagementEmailDelayMs: number;
  /** After the re-engagement email, this long without re-engaging makes the customer churning. Default 21 days. */
  prolongedRiskDelayMs: number;
  /** After "subscription expiring", this long without renewal sends the reminder (never after expiry). Default 1 day. */
  renewalReminderDelayMs: number;
  /** After expiry, this long without renewal lapses the subscription (churning). Default 0. */
  renewalGraceMs: number;
}>;

/**
 * The ranges of the settings that take less than "a finite number, at least 0", by path
 * (`evidenceLevels[]` for each element): what a change of settings is checked against.
 */
export const lifecycleSettingRanges: Readonly<Record<string, Readonly<{ min?: number; max?: number }>>> = {
  atRiskScore: { min: 0, max: 100 },
  suspiciousScore: { min: 0, max: 100 },
  'evidenceLevels[]': { min: 0, max: 1 },
  evidenceLearningRate: { min: 0, max: 1 },
  'unusualHours.from': { min: 0, max: 24 },
  'unusualHours.to': { min: 0, max: 24 },
};

/** The documented defaults. */
export const defaultLifecycleConfig: LifecycleConfig = {
  shortSessionSeconds: 120,
  evidenceLevels: [0.7, 0.5, 0.3],
  evidenceBaselineDays: 8,
  evidenceLearningBelow: 0.5,
  evidenceLearningRate: 0.01,
  breakAfterSilentDays: 3,
  silenceCountsAfter: 2.5,
  longSilenceDays: 28,
  longSilenceChance: 0.0001,
  evidencePoints: 10,
  watchFromEvidence: 3,
  disengagement: {
    shortRise: 0.5,
    lengthFloor: 0.5,
    pricingRise: 0.05,
    ticketRise: 2,
    resolved: 0.95,
    resolvedWhenGone: 0.6,
  },
  evidencePrior: {
    weekdayUse: 0.8,
    weekendUse: 0.25,
    shortShare: 0.12,
    shortFloor: 0.08,
    coreShare: 0.7,
    sessionMinutes: 20,
    logMinutesSpread: 0.5,
    pricingPerDay: 0.015,
    ticketsPerDay: 0.02,
    weights: { use: 25, short: 60, core: 25, length: 1.5, rare: 100 },
  },
  sparseEvidence: { usePerWeek: 3.5, power: 2, maxFactor: 4, ownDays: 10, trustDaysOfUse: 8 },
  rhythm: {
    level: 0.5,
    quietFrom: 2,
    backAt: -1,
    shortestLull: 5,
    longerByDays: 10,
    factor: 6,
    settlesAfterDays: 12,
    settlesWithDaysOfUse: 2,
    fromFirstDay: true,
  },
  lingeringTicketDays: 3,
  returningAfterInactiveDays: 7,
  intentWindowDays: 14,
  pricingPaths: ['/pricing', '/plans'],
  cancellationMarkers: ['cancel'],
  atRiskScore: 62,
  suspiciousScore: 65,
  fraudBaselineTransactions: 3,
  unusualHours: { from: 0, to: 5 },
  usualNightTransactions: 3,
  velocityCount: 3,
  velocityWindowMs: 10 * MINUTE,
  typicalAmountFactor: 2,
  aboveMaximumFactor: 1.5,
  smallAmountFactor: 0.25,
  spendWindowMs: HOUR,
  spendTypicalFactor: 6,
  spendOthersTypicalFactor: 2,
  burstWindowMs: 30 * MINUTE,
  probeAmount: 300,
  probeRunWindowMs: 2 * HOUR,
  shopsNewInNewCountry: false,
  inStoreShopsStartRuns: false,
  travelWindowMs: HOUR,
  passwordChangeWindowMs: 24 * HOUR,
  recentTransactions: 20,
  cartRecoveryDelayMs: HOUR,
  reEngagementEmailDelayMs: 2 * DAY,
  prolongedRiskDelayMs: 21 * DAY,
  renewalReminderDelayMs: DAY,
  renewalGraceMs: 0,
};
