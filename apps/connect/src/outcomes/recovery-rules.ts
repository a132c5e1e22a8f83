import type { RecordedChange } from './customer-record';

/** Where a command's story ends: the customer recovered, was lost, or neither yet. */
export type Ending = 'recovered' | 'lost';

/** What counts as the customer recovering after a command of one type, read from state changes. */
export interface RecoveryRule {
  /** In words, for the report (`back to active`). */
  readonly recovered: string;
  /** The other ending, in words (`cancelled`), when there is one. */
  readonly lost: string | undefined;
  /** The ending a change after the command brings, if any. */
  ending(change: RecordedChange): Ending | undefined;
}

/** The top-level state of a region in a state value (`{ engagement: { 'at-risk': 'flagged' } }` → `at-risk`). */
export function regionOf(value: unknown, region: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const inner = (value as Record<string, unknown>)[region];
  if (typeof inner === 'string') return inner;
  if (typeof inner === 'object' && inner !== null) return Object.keys(inner)[0];
  return undefined;
}

/** A change that enters `state` in `region`. */
const enters = (change: RecordedChange, region: string, state: string): boolean =>
  regionOf(change.to, region) === state && regionOf(change.from, region) !== state;

const backToActive: RecoveryRule = {
  recovered: 'back to active',
  lost: 'cancelled',
  ending: (c) =>
    enters(c, 'engagement', 'active') ? 'recovered' : enters(c, 'engagement', 'cancelled') ? 'lost' : undefined,
};

const fraudCaseAnswered: RecoveryRule = {
  recovered: 'confirmed, card unfrozen',
  lost: 'disputed (fraud)',
  ending: (c) =>
    regionOf(c.from, 'fraud') !== 'suspicious'
      ? undefined
      : enters(c, 'fraud', 'clear')
        ? 'recovered'
        : enters(c, 'fraud', 'disputed')
          ? 'lost'
          : undefined,
};

/**
 * The recovery each command type aims at. A command type without a rule (the notification of a
 * return, the unfreeze itself) is an outcome or a courtesy, not an attempt to change anything.
 */
export const recoveryRules: Readonly<Record<string, RecoveryRule>> = {
  FlagAccountForSuccessTeamRequested: backToActive,
  ReEngagementEmailRequested: backToActive,
  RetentionIncentiveRequested: backToActive,
  CardFreezeRequested: fraudCaseAnswered,
  FraudVerificationSmsRequested: fraudCaseAnswered,
  CartRecoveryEmailRequested: {
    recovered: 'checked out',
    lost: undefined,
    ending: (c) =>
      regionOf(c.from, 'cart') === 'abandoned' &&
      (c.causeType === 'CheckoutStarted' || c.causeType === 'OrderCompleted') &&
      regionOf(c.to, 'cart') !== 'abandoned'
        ? 'recovered'
        : undefined,
  },
  RenewalReminderRequested: {
    recovered: 'renewed',
    lost: 'lapsed or cancelled',
    ending: (c) => {
      const before = regionOf(c.from, 'renewal');
      if (before !== 'reminded' && before !== 'expiring') return undefined;
      if (c.causeType === 'SubscriptionRenewed') return 'recovered';
      if (enters(c, 'renewal', 'lapsed') || c.causeType === 'SubscriptionCancelled') return 'lost';
      return undefined;
    },
  },
};
