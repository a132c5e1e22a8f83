import { Identifier, Instant, Text } from '../schema/field.decorators';
import { trackSignal, type Signal, type SignalDefinition } from '../signal-definition';

/** `Subscription Renewed` v1. */
export class SubscriptionRenewedV1 {
  @Identifier({ lenient: true })
  subscription_id?: string;

  @Text({ optional: true, maxLength: 128 })
  plan?: string;

  @Instant({ optional: true, description: 'End of the new period.' })
  renewed_until?: string;
}

/** `Subscription Cancelled` v1. */
export class SubscriptionCancelledV1 {
  @Identifier({ lenient: true })
  subscription_id?: string;

  @Text({ optional: true, maxLength: 512 })
  reason?: string;
}

/** `Subscription Expiring` v1: billing says the subscription ends soon and will not renew by itself. */
export class SubscriptionExpiringV1 {
  @Identifier()
  subscription_id!: string;

  @Instant({ description: 'When the subscription ends unless renewed.' })
  expires_at!: string;
}

/** `Retention Offer Accepted` v1: the customer took a retention offer (a discount, a pause, a better plan). */
export class RetentionOfferAcceptedV1 {
  @Identifier({ lenient: true, description: 'The offer, as the system that made it knows it.' })
  offer_id?: string;

  @Identifier({ optional: true })
  subscription_id?: string;

  @Text({ optional: true, maxLength: 256, description: 'What was offered, in words (`3 months at half price`).' })
  incentive?: string;
}

export type SubscriptionRenewed = Signal<'SubscriptionRenewed', SubscriptionRenewedV1>;
export type SubscriptionCancelled = Signal<'SubscriptionCancelled', SubscriptionCancelledV1>;
export type SubscriptionExpiring = Signal<'SubscriptionExpiring', SubscriptionExpiringV1>;
export type RetentionOfferAccepted = Signal<'RetentionOfferAccepted', RetentionOfferAcceptedV1>;

export const subscriptionSignals: readonly SignalDefinition[] = [
  trackSignal(
    'SubscriptionRenewed',
    'Subscription Renewed',
    'The subscription was renewed. Ends any renewal worry and brings a churning customer back.',
    SubscriptionRenewedV1,
  ),
  trackSignal(
    'SubscriptionCancelled',
    'Subscription Cancelled',
    'The customer cancelled. The lifecycle ends in `cancelled` until a renewal wins them back.',
    SubscriptionCancelledV1,
  ),
  trackSignal(
    'SubscriptionExpiring',
    'Subscription Expiring',
    'The subscription is about to expire without renewal; starts the renewal-reminder delay.',
    SubscriptionExpiringV1,
  ),
  trackSignal(
    'RetentionOfferAccepted',
    'Retention Offer Accepted',
    'The customer accepted a retention offer (the answer to RetentionIncentiveRequested). Brings an at-risk or churning customer back.',
    RetentionOfferAcceptedV1,
  ),
];
