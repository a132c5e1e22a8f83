import { Flag, Identifier, OneOf, Text, Url } from '../schema/field.decorators';
import { trackSignal, type Signal, type SignalDefinition } from '../signal-definition';

/** `Feature Used` v1. */
export class FeatureUsedV1 {
  @Identifier({ description: 'Stable key of the feature (`reports.export`).' })
  feature_key!: string;

  @Flag({ description: 'Whether this is one of the product’s core features.' })
  is_core!: boolean;
}

/** `Email Opened` (Segment email) v1. */
export class EmailOpenedV1 {
  @Identifier({ lenient: true })
  email_id?: string;

  @Identifier({ optional: true })
  campaign_id?: string;

  @Text({ optional: true, maxLength: 256 })
  campaign_name?: string;

  @Text({ optional: true, maxLength: 512 })
  email_subject?: string;
}

/** `Email Link Clicked` (Segment email) v1. */
export class EmailLinkClickedV1 {
  @Identifier({ lenient: true })
  email_id?: string;

  @Url({ lenient: true })
  link_url?: string;

  @Identifier({ optional: true })
  link_id?: string;

  @Identifier({ optional: true })
  campaign_id?: string;

  @Text({ optional: true, maxLength: 256 })
  campaign_name?: string;
}

/** `Support Ticket Opened` v1. */
export class SupportTicketOpenedV1 {
  @Identifier()
  ticket_id!: string;

  @Text({ optional: true, maxLength: 512 })
  subject?: string;

  @OneOf(['low', 'normal', 'high', 'urgent'], { optional: true })
  priority?: 'low' | 'normal' | 'high' | 'urgent';
}

/** `Support Ticket Resolved` v1. */
export class SupportTicketResolvedV1 {
  @Identifier()
  ticket_id!: string;
}

export type FeatureUsed = Signal<'FeatureUsed', FeatureUsedV1>;
export type EmailOpened = Signal<'EmailOpened', EmailOpenedV1>;
export type EmailLinkClicked = Signal<'EmailLinkClicked', EmailLinkClickedV1>;
export type SupportTicketOpened = Signal<'SupportTicketOpened', SupportTicketOpenedV1>;
export type SupportTicketResolved = Signal<'SupportTicketResolved', SupportTicketResolvedV1>;

export const engagementSignals: readonly SignalDefinition[] = [
  trackSignal(
    'FeatureUsed',
    'Feature Used',
    'The customer used a feature. Whether it is the first use is derived by Heed, not sent. ' +
      'Using a core feature counts as re-engagement.',
    FeatureUsedV1,
  ),
  trackSignal(
    'EmailOpened',
    'Email Opened',
    'The customer opened an email. Opens without clicks feed churn.',
    EmailOpenedV1,
  ),
  trackSignal(
    'EmailLinkClicked',
    'Email Link Clicked',
    'The customer clicked a link in an email. Counts as re-engagement.',
    EmailLinkClickedV1,
  ),
  trackSignal(
    'SupportTicketOpened',
    'Support Ticket Opened',
    'The customer opened a support ticket.',
    SupportTicketOpenedV1,
  ),
  trackSignal(
    'SupportTicketResolved',
    'Support Ticket Resolved',
    'A support ticket of the customer was resolved.',
    SupportTicketResolvedV1,
  ),
];
