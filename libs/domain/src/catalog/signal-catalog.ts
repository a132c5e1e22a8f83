import type { SegmentCall, SignalDefinition } from './signal-definition';
import { cardSignals } from './signals/card.signals';
import type {
  CardTransactionAuthorized,
  CardTransactionConfirmed,
  CardTransactionDisputed,
} from './signals/card.signals';
import { commerceSignals } from './signals/commerce.signals';
import type {
  CartViewed,
  CheckoutStarted,
  OrderCompleted,
  ProductAdded,
  ProductRemoved,
  ProductViewed,
} from './signals/commerce.signals';
import { engagementSignals } from './signals/engagement.signals';
import type {
  EmailLinkClicked,
  EmailOpened,
  FeatureUsed,
  SupportTicketOpened,
  SupportTicketResolved,
} from './signals/engagement.signals';
import { groupSignals } from './signals/group.signals';
import type { GroupIdentified } from './signals/group.signals';
import { pageSignals } from './signals/page.signals';
import type { PageViewed } from './signals/page.signals';
import { screenSignals } from './signals/screen.signals';
import type { ScreenViewed } from './signals/screen.signals';
import { sessionSignals } from './signals/session.signals';
import type { PasswordChanged, SessionEnded, SignedIn, SignedOut, SignedUp } from './signals/session.signals';
import { subscriptionSignals } from './signals/subscription.signals';
import type {
  RetentionOfferAccepted,
  SubscriptionCancelled,
  SubscriptionExpiring,
  SubscriptionRenewed,
} from './signals/subscription.signals';

/** Every customer signal Heed understands, at its current schema version. */
export type CustomerSignal =
  | SignedUp
  | SignedIn
  | SignedOut
  | SessionEnded
  | PasswordChanged
  | PageViewed
  | ScreenViewed
  | GroupIdentified
  | ProductViewed
  | ProductAdded
  | ProductRemoved
  | CartViewed
  | CheckoutStarted
  | OrderCompleted
  | FeatureUsed
  | EmailOpened
  | EmailLinkClicked
  | SupportTicketOpened
  | SupportTicketResolved
  | SubscriptionRenewed
  | SubscriptionCancelled
  | SubscriptionExpiring
  | RetentionOfferAccepted
  | CardTransactionAuthorized
  | CardTransactionConfirmed
  | CardTransactionDisputed;

/** The `type` of a customer signal. */
export type CustomerSignalType = CustomerSignal['type'];

/** The definition of every signal: type, Segment name, meaning, schema classes per version, upcasters. */
export const signalCatalog: readonly SignalDefinition[] = [
  ...sessionSignals,
  ...pageSignals,
  ...screenSignals,
  ...groupSignals,
  ...commerceSignals,
  ...engagementSignals,
  ...subscriptionSignals,
  ...cardSignals,
];

/** Every signal type, in catalog order. */
export const customerSignalTypes = signalCatalog.map((d) => d.type) as readonly CustomerSignalType[];

const byType = new Map(signalCatalog.map((d) => [d.type, d]));
const bySegmentName = new Map(signalCatalog.map((d) => [d.segmentName, d]));

/** The definition of a signal by its store type (`SignedIn`). */
export function findSignalByType(type: string): SignalDefinition | undefined {
  return byType.get(type);
}

/** The definition of a signal by its Segment event name (`Signed In`; page calls are `Page Viewed`). */
export function findSignalBySegmentName(name: string): SignalDefinition | undefined {
  return bySegmentName.get(name);
}

const byCall = new Map(signalCatalog.filter((d) => d.segmentCall !== 'track').map((d) => [d.segmentCall, d]));

/** The signal a Segment `page`, `screen` or `group` call is stored as (`PageViewed`, …). */
export function findSignalForCall(call: Exclude<SegmentCall, 'track'>): SignalDefinition | undefined {
  return byCall.get(call);
}
