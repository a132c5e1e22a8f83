import type { CommandEvent } from '@heed/domain';

/** A command in words for a person: a title and the lines under it. */
export interface CommandMessage {
  readonly title: string;
  readonly lines: readonly string[];
}

const money = (minor: number, currency: string): string => `${(minor / 100).toFixed(2)} ${currency}`;

/** `HH:MM UTC` of an ISO instant: the hour a fraud analyst wants to see. */
const hourOf = (iso: string): string => `${iso.slice(11, 16)} UTC`;

/** The country in a fraud reason such as "first transaction in BR (before only DE)", if any. */
const countryOf = (reasons: readonly string[]): string | undefined =>
  reasons.map((r) => / in ([A-Z]{2})\b/.exec(r)?.[1]).find((c) => c !== undefined);

const reasonsLine = (reasons: readonly string[]): string =>
  reasons.length === 0 ? 'Why: (no reason recorded)' : `Why: ${reasons.join('; ')}`;

/**
 * The words of a command for a team channel, an SMS or an email. Every command type has its own
 * message (the switch is exhaustive): a flagged account carries the re-engagement script, a fraud
 * alert the amount, the country and the hour.
 */
export function commandMessage(command: CommandEvent): CommandMessage {
  const who = `Customer ${command.customerId}`;
  switch (command.type) {
    case 'FlagAccountForSuccessTeamRequested':
      return {
        title: `At risk: ${who} (churn score ${command.data.churnScore})`,
        lines: [reasonsLine(command.reasons), `Suggested script: ${command.data.suggestedScript}`],
      };
    case 'ReEngagementEmailRequested':
      return {
        title: `We miss you`,
        lines: [`${who} has been at risk since ${command.data.atRiskSince} (churn score ${command.data.churnScore}).`],
      };
    case 'CartRecoveryEmailRequested':
      return {
        title: 'You left something in your cart',
        lines: [
          `Cart ${command.data.cartId}, last updated ${command.data.lastUpdatedAt}:`,
          ...command.data.items.map((i) => `- ${i.quantity ?? 1} × ${i.name ?? i.product_id}`),
        ],
      };
    case 'ReturningCustomerNotificationRequested':
      return {
        title: `Back: ${who} after ${command.data.inactiveDays} days`,
        lines: [`Last active ${command.data.lastActiveAt}.`],
      };
    case 'RenewalReminderRequested':
      return {
        title: 'Your subscription is about to expire',
        lines: [`Subscription ${command.data.subscriptionId} expires ${command.data.expiresAt}.`],
      };
    case 'RetentionIncentiveRequested':
      return {
        title: `Retention offer for ${who}`,
        lines: [
          `Trigger: ${command.data.trigger}; churn score ${command.data.churnScore}.`,
          ...(command.data.subscriptionId === undefined ? [] : [`Subscription ${command.data.subscriptionId}.`]),
          reasonsLine(command.reasons),
        ],
      };
    case 'CardFreezeRequested': {
      const country = countryOf(command.reasons);
      return {
        title: `Fraud alert: freeze card ${command.data.cardId} of ${who}`,
        lines: [
          `Transaction ${command.data.transactionId}, fraud score ${command.data.fraudScore}, at ${hourOf(command.requestedAt)}` +
            (country === undefined ? '' : ` in ${country}`),
          reasonsLine(command.reasons),
        ],
      };
    }
    case 'FraudVerificationSmsRequested': {
      const country = countryOf(command.reasons);
      return {
        title: `Fraud alert: ${money(command.data.amount, command.data.currency)} at ${command.data.merchant}`,
        lines: [
          `Did you make this payment of ${money(command.data.amount, command.data.currency)} at ${command.data.merchant}` +
            `${country === undefined ? '' : ` in ${country}`} at ${hourOf(command.requestedAt)}? Reply YES or NO.`,
        ],
      };
    }
    case 'CardUnfreezeRequested':
      return {
        title: `Unfreeze card ${command.data.cardId} of ${who}`,
        lines: [`The cardholder confirmed transaction ${command.data.transactionId}.`],
      };
    default: {
      const _never: never = command;
      throw new Error(`No message for command ${JSON.stringify((_never as { type?: unknown }).type)}`);
    }
  }
}
