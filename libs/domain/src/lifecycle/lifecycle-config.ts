import { DAY, HOUR, MINUTE } from '../time/instant';

/**
 * Thresholds, delays and window sizes of the lifecycle. Durations are milliseconds. Every default is
 * documented here and in docs/lifecycle.md; the machine contains no literals of its own.
 */
export type LifecycleConfig = Readonly<{
  /** A session shorter than this many seconds is "short". Default 120 (2 minutes). */
  shortSessionSeconds: number;
  /**
   * Weight of each new session in the customer's recent habit (an exponentially weighted average,
   * about the last `2 / weight` sessions). Default 0.2.
   */
  recentHabitWeight: number;
  /** Weight of each new session in the customer's usual habit (a long memory). Default 0.05. */
  usualHabitWeight: number;
  /** Days between sessions count up to this many (a break longer than this counts as this). Default 5. */
  sessionGapCapDays: number;
  /** Sessions needed before the recent habit is compared with the usual one. Default 6. */
  habitBaselineSessions: number;
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
  /** Churn score (0–100) at which an active customer turns at-risk. Default 65. */
  atRiskScore: number;
  /** Fraud score (0–100) at which a transaction makes the customer suspicious. Default 65. */
  suspiciousScore: number;
  /** Transactions needed before "new country" and "largest ever" mean anything. Default 3. */
  fraudBaselineTransactions: number;
  /** Local hours `[from, to)` that are unusual for card use. Default 0–5 (midnight to 5 am). */
  unusualHours: Readonly<{ from: number; to: number }>;
  /** Velocity: this many transactions … Default 3. */
  velocityCount: number;
  /** … within this window count as a burst. Default 10 minutes. */
  velocityWindowMs: number;
  /** A transaction at least this many times the typical (median) amount is unusual. Default 2. */
  typicalAmountFactor: number;
  /** A transaction at a new merchant at most this fraction of the typical amount looks like card testing. Default 0.25. */
  smallAmountFactor: number;
  /** Spending within this window … Default 1 hour. */
  spendWindowMs: number;
  /** … at least this many times the typical amount is unusual. Default 6. */
  spendTypicalFactor: number;
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

/** The documented defaults. */
export const defaultLifecycleConfig: LifecycleConfig = {
  shortSessionSeconds: 120,
  recentHabitWeight: 0.2,
  usualHabitWeight: 0.05,
  sessionGapCapDays: 5,
  habitBaselineSessions: 6,
  lingeringTicketDays: 3,
  returningAfterInactiveDays: 7,
  intentWindowDays: 14,
  pricingPaths: ['/pricing', '/plans'],
  cancellationMarkers: ['cancel'],
  atRiskScore: 65,
  suspiciousScore: 65,
  fraudBaselineTransactions: 3,
  unusualHours: { from: 0, to: 5 },
  velocityCount: 3,
  velocityWindowMs: 10 * MINUTE,
  typicalAmountFactor: 2,
  smallAmountFactor: 0.25,
  spendWindowMs: HOUR,
  spendTypicalFactor: 6,
  recentTransactions: 20,
  cartRecoveryDelayMs: HOUR,
  reEngagementEmailDelayMs: 2 * DAY,
  prolongedRiskDelayMs: 21 * DAY,
  renewalReminderDelayMs: DAY,
  renewalGraceMs: 0,
};
