import type { CommandDefinition } from '../signal-definition';
import {
  CardFreezeV1,
  CardUnfreezeV1,
  CartRecoveryEmailV1,
  FlagAccountForSuccessTeamV1,
  FraudVerificationSmsV1,
  ReEngagementEmailV1,
  RenewalReminderV1,
  RetentionIncentiveV1,
  ReturningCustomerNotificationV1,
} from './command-events';
import type { CommandEventType } from './command-events';

const v1 = (type: CommandEventType, description: string, schema: new () => object): CommandDefinition => ({
  type,
  description,
  currentVersion: 1,
  versions: { 1: schema },
});

/** Every command event: type, meaning and the schema class of its `data` per version. */
export const commandCatalog: readonly CommandDefinition[] = [
  v1(
    'FlagAccountForSuccessTeamRequested',
    'The customer turned at-risk: the success team should reach out. Carries the churn score, each signal’s ' +
      'contribution and a suggested script.',
    FlagAccountForSuccessTeamV1,
  ),
  v1(
    'ReEngagementEmailRequested',
    'An at-risk customer did not re-engage within the configured delay: send the re-engagement email.',
    ReEngagementEmailV1,
  ),
  v1(
    'CartRecoveryEmailRequested',
    'A cart was left without checkout for the configured delay: send one recovery email listing its items.',
    CartRecoveryEmailV1,
  ),
  v1(
    'ReturningCustomerNotificationRequested',
    'A customer logged in after a long inactivity: tell the success team they are back.',
    ReturningCustomerNotificationV1,
  ),
  v1(
    'RenewalReminderRequested',
    'A subscription is about to expire and was not renewed: remind the customer.',
    RenewalReminderV1,
  ),
  v1(
    'RetentionIncentiveRequested',
    'The customer became churning (renewal lapsed, or at risk for too long): offer a retention incentive.',
    RetentionIncentiveV1,
  ),
  v1('CardFreezeRequested', 'A transaction looks fraudulent: freeze the card.', CardFreezeV1),
  v1(
    'FraudVerificationSmsRequested',
    'Ask the cardholder by SMS whether the suspicious transaction was theirs.',
    FraudVerificationSmsV1,
  ),
  v1('CardUnfreezeRequested', 'The cardholder confirmed the transaction: unfreeze the card.', CardUnfreezeV1),
];

/** The definition of a command event by type. */
export function findCommandByType(type: string): CommandDefinition | undefined {
  return commandCatalog.find((c) => c.type === type);
}
