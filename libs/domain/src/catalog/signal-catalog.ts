import type { SignalDefinition } from './signal-definition';
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
import { pageSignals } from './signals/page.signals';
import type { PageViewed } from './signals/page.signals';
import { sessionSignals } from './signals/session.signals';
import type { SessionEnded, SignedIn, SignedOut, SignedUp } from './signals/session.signals';
import { subscriptionSignals } from './signals/subscription.signals';
import type { SubscriptionCancelled, SubscriptionExpiring, SubscriptionRenewed } from './signals/subscription.signals';

/** Every customer signal Heed understands, at its current schema version. */
export type CustomerSignal =
  | SignedUp
  | SignedIn
  | SignedOut
  | SessionEnded
  | PageViewed
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
  | CardTransactionAuthorized
  | CardTransactionConfirmed
  | CardTransactionDisputed;

/** The `type` of a customer signal. */
export type CustomerSignalType = CustomerSignal['type'];

/** The definition of every signal: type, Segment name, meaning, schema classes per version, upcasters. */
export const signalCatalog: readonly SignalDefinition[] = [
  ...sessionSignals,
  ...pageSignals,
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
