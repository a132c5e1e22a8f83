import {
  CurrencyCode,
  Identifier,
  Instant,
  ListOf,
  MinorUnits,
  OneOf,
  Text,
  WholeNumber,
} from '../schema/field.decorators';
import { ProductLine } from '../signals/product-line';

/**
 * A command event: what the lifecycle asks downstream (CRM, email, SMS, card processor) to do,
 * with the plain-words reasons that triggered it. Plain readonly data.
 */
export type Command<TType extends string, TData extends object> = Readonly<{
  type: TType;
  /** Schema version of `data`. */
  version: number;
  customerId: string;
  /** The instant the lifecycle decided it: the triggering signal's time or the timer's due time. */
  requestedAt: string;
  reasons: readonly string[];
  data: Readonly<TData>;
}>;

/** One signal's part in a score. */
export class ScoreContribution {
  @Identifier({ description: 'The feature (`days-of-use`, `long-silence`, `new-country`).' })
  signal!: string;

  @WholeNumber({ max: 100 })
  points!: number;

  @Text({ description: 'The reason in plain words.' })
  reason!: string;
}

/** Data of `FlagAccountForSuccessTeamRequested` v1. */
export class FlagAccountForSuccessTeamV1 {
  @WholeNumber({ max: 100, description: 'Churn-risk score, 0–100.' })
  churnScore!: number;

  @ListOf(() => ScoreContribution, { maxItems: 20 })
  contributions!: readonly ScoreContribution[];

  @Text({ maxLength: 2000, description: 'A suggested re-engagement script for the success team.' })
  suggestedScript!: string;
}

/** Data of `ReEngagementEmailRequested` v1. */
export class ReEngagementEmailV1 {
  @WholeNumber({ max: 100 })
  churnScore!: number;

  @Instant({ description: 'When the customer was flagged at risk.' })
  atRiskSince!: string;
}

/** Data of `CartRecoveryEmailRequested` v1. */
export class CartRecoveryEmailV1 {
  @Identifier()
  cartId!: string;

  @ListOf(() => ProductLine, { maxItems: 100, description: 'The items left in the cart.' })
  items!: readonly ProductLine[];

  @Instant({ description: 'When the cart was last updated.' })
  lastUpdatedAt!: string;
}

/** Data of `ReturningCustomerNotificationRequested` v1. */
export class ReturningCustomerNotificationV1 {
  @WholeNumber({ description: 'Whole days without activity before this login.' })
  inactiveDays!: number;

  @Instant()
  lastActiveAt!: string;
}

/** Data of `RenewalReminderRequested` v1. */
export class RenewalReminderV1 {
  @Identifier()
  subscriptionId!: string;

  @Instant()
  expiresAt!: string;
}

/** Data of `RetentionIncentiveRequested` v1. */
export class RetentionIncentiveV1 {
  @OneOf(['renewal-lapsed', 'prolonged-risk'], { description: 'What made the customer churning.' })
  trigger!: 'renewal-lapsed' | 'prolonged-risk';

  @WholeNumber({ max: 100 })
  churnScore!: number;

  @Identifier({ optional: true })
  subscriptionId?: string;
}

/** Data of `CardFreezeRequested` v1. */
export class CardFreezeV1 {
  @Identifier()
  cardId!: string;

  @Identifier()
  transactionId!: string;

  @WholeNumber({ max: 100, description: 'Fraud score of the transaction, 0–100.' })
  fraudScore!: number;

  @ListOf(() => ScoreContribution, { maxItems: 20 })
  contributions!: readonly ScoreContribution[];
}

/** Data of `FraudVerificationSmsRequested` v1. */
export class FraudVerificationSmsV1 {
  @Identifier()
  cardId!: string;

  @Identifier()
  transactionId!: string;

  @MinorUnits()
  amount!: number;

  @CurrencyCode()
  currency!: string;

  @Text({ maxLength: 256 })
  merchant!: string;
}

/** Data of `CardUnfreezeRequested` v1. */
export class CardUnfreezeV1 {
  @Identifier()
  cardId!: string;

  @Identifier()
  transactionId!: string;
}

export type FlagAccountForSuccessTeamRequested = Command<
  'FlagAccountForSuccessTeamRequested',
  FlagAccountForSuccessTeamV1
>;
export type ReEngagementEmailRequested = Command<'ReEngagementEmailRequested', ReEngagementEmailV1>;
export type CartRecoveryEmailRequested = Command<'CartRecoveryEmailRequested', CartRecoveryEmailV1>;
export type ReturningCustomerNotificationRequested = Command<
  'ReturningCustomerNotificationRequested',
  ReturningCustomerNotificationV1
>;
export type RenewalReminderRequested = Command<'RenewalReminderRequested', RenewalReminderV1>;
export type RetentionIncentiveRequested = Command<'RetentionIncentiveRequested', RetentionIncentiveV1>;
export type CardFreezeRequested = Command<'CardFreezeRequested', CardFreezeV1>;
export type FraudVerificationSmsRequested = Command<'FraudVerificationSmsRequested', FraudVerificationSmsV1>;
export type CardUnfreezeRequested = Command<'CardUnfreezeRequested', CardUnfreezeV1>;

/** Every command event the lifecycle machine emits. */
export type CommandEvent =
  | FlagAccountForSuccessTeamRequested
  | ReEngagementEmailRequested
  | CartRecoveryEmailRequested
  | ReturningCustomerNotificationRequested
  | RenewalReminderRequested
  | RetentionIncentiveRequested
  | CardFreezeRequested
  | FraudVerificationSmsRequested
  | CardUnfreezeRequested;

/** The `type` of a command event. */
export type CommandEventType = CommandEvent['type'];
