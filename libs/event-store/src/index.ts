export { connectStore } from './connect-store';
export { StoreConfig } from './store.config';
export { CUSTOMER_CATEGORY, CUSTOMER_ID_PATTERN, customerIdOf, customerStream } from './stream-names';
