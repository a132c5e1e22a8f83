import type {
  CardFreezeRequested,
  CardUnfreezeRequested,
  CartRecoveryEmailRequested,
  FlagAccountForSuccessTeamRequested,
  FraudVerificationSmsRequested,
  ReEngagementEmailRequested,
  RenewalReminderRequested,
  RetentionIncentiveRequested,
  ReturningCustomerNotificationRequested,
} from '../catalog/commands/command-events';
import type { CardTransactionAuthorized, CardTransactionConfirmed } from '../catalog/signals/card.signals';
import type { CustomerContext } from '../features/customer-context';
import { formatMoney } from '../scoring/money-format';
import type { Score } from '../scoring/score';
import { wholeDaysBetween } from '../time/instant';
import { reEngagementScript } from './re-engagement-script';

// The builders of the command events the machine emits. Each takes the context after the
// transition's own assignments, so `requestedAt` is the machine's clock at that moment.

const header = (context: CustomerContext) => ({
  version: 1,
  customerId: context.customerId,
  requestedAt: context.now ?? '1970-01-01T00:00:00.000Z',
});

export function flagAccountForSuccessTeam(context: CustomerContext, churn: Score): FlagAccountForSuccessTeamRequested {
  return {
    type: 'FlagAccountForSuccessTeamRequested',
    ...header(context),
    reasons: churn.reasons,
    data: { churnScore: churn.score, contributions: churn.contributions, suggestedScript: reEngagementScript(churn) },
  };
}

export function reEngagementEmail(context: CustomerContext, churn: Score): ReEngagementEmailRequested {
  const since = context.risk.since ?? header(context).requestedAt;
  return {
    type: 'ReEngagementEmailRequested',
    ...header(context),
    reasons: [`at risk since ${since} without re-engaging`, ...churn.reasons],
    data: { churnScore: churn.score, atRiskSince: since },
  };
}

export function cartRecoveryEmail(context: CustomerContext, delayMinutes: number): CartRecoveryEmailRequested {
  const updatedAt = context.cart.updatedAt ?? header(context).requestedAt;
  return {
    type: 'CartRecoveryEmailRequested',
    ...header(context),
    reasons: [`cart left with ${context.cart.items.length} item(s) and no checkout for ${delayMinutes} minutes`],
    data: { cartId: context.cart.cartId ?? 'unknown', items: context.cart.items, lastUpdatedAt: updatedAt },
  };
}

export function returningCustomerNotification(
  context: CustomerContext,
  at: string,
): ReturningCustomerNotificationRequested {
  const lastActiveAt = context.engagement.lastActivityAt ?? at;
  const inactiveDays = wholeDaysBetween(lastActiveAt, at);
  return {
    type: 'ReturningCustomerNotificationRequested',
    ...header(context),
    requestedAt: at,
    reasons: [`logged in after ${inactiveDays} days without activity`],
    data: { inactiveDays, lastActiveAt },
  };
}

export function renewalReminder(context: CustomerContext): RenewalReminderRequested {
  const expiresAt = context.subscription.expiresAt ?? header(context).requestedAt;
  return {
    type: 'RenewalReminderRequested',
    ...header(context),
    reasons: [`subscription expires at ${expiresAt} and has not been renewed`],
    data: { subscriptionId: context.subscription.subscriptionId ?? 'unknown', expiresAt },
  };
}

export function retentionIncentive(
  context: CustomerContext,
  trigger: 'renewal-lapsed' | 'prolonged-risk',
  churn: Score,
): RetentionIncentiveRequested {
  const why =
    trigger === 'renewal-lapsed'
      ? `subscription expired at ${context.subscription.expiresAt ?? 'its expiry'} without renewal after a reminder`
      : `at risk since ${context.risk.since ?? 'earlier'} and did not re-engage after the re-engagement email`;
  return {
    type: 'RetentionIncentiveRequested',
    ...header(context),
    reasons: [why, ...churn.reasons],
    data: {
      trigger,
      churnScore: churn.score,
      ...(context.subscription.subscriptionId !== null ? { subscriptionId: context.subscription.subscriptionId } : {}),
    },
  };
}

export function cardFreeze(context: CustomerContext, tx: CardTransactionAuthorized, fraud: Score): CardFreezeRequested {
  return {
    type: 'CardFreezeRequested',
    ...header(context),
    reasons: fraud.reasons,
    data: {
      cardId: tx.properties.card_id,
      transactionId: tx.properties.transaction_id,
      fraudScore: fraud.score,
      contributions: fraud.contributions,
    },
  };
}

export function fraudVerificationSms(
  context: CustomerContext,
  tx: CardTransactionAuthorized,
  fraud: Score,
): FraudVerificationSmsRequested {
  const p = tx.properties;
  return {
    type: 'FraudVerificationSmsRequested',
    ...header(context),
    reasons: [`confirm ${formatMoney(p.amount, p.currency)} at ${p.merchant}`, ...fraud.reasons],
    data: {
      cardId: p.card_id,
      transactionId: p.transaction_id,
      amount: p.amount,
      currency: p.currency,
      merchant: p.merchant,
    },
  };
}

export function cardUnfreeze(context: CustomerContext, confirmation: CardTransactionConfirmed): CardUnfreezeRequested {
  return {
    type: 'CardUnfreezeRequested',
    ...header(context),
    reasons: ['the cardholder confirmed the transaction'],
    data: { cardId: confirmation.properties.card_id, transactionId: confirmation.properties.transaction_id },
  };
}
