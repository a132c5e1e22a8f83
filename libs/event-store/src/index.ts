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
export { subscribeDecodedToAll } from './transport/decoded-persistent-subscription';
export { PersistentSubscriptionContext } from './transport/persistent-subscription.context';
export {
  PersistentSubscriptionTransport,
  type PersistentSubscriptionTransportOptions,
  type SettledOutcome,
} from './transport/persistent-subscription.transport';
export { DEFAULT_STORE_BACKOFF, type StoreBackoff } from './transport/store-backoff';
export { isStoreUnavailable } from './transport/store-unavailable';
export { placeOf, SubscriptionProgress, type StreamPlace } from './transport/subscription-progress';
