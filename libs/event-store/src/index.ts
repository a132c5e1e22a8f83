export { connectStore } from './connect-store';
export { StoreConfig } from './store.config';
export {
  aliasStream,
  ANONYMOUS_ID_LINKED_TYPE,
  CUSTOMER_CATEGORY,
  CUSTOMER_ID_PATTERN,
  customerIdOf,
  customerStream,
} from './stream-names';
export { PersistentSubscriptionContext } from './transport/persistent-subscription.context';
export {
  PersistentSubscriptionTransport,
  type PersistentSubscriptionTransportOptions,
  type SettledOutcome,
} from './transport/persistent-subscription.transport';
export { placeOf, SubscriptionProgress, type StreamPlace } from './transport/subscription-progress';
