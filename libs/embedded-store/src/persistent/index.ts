import type { StoreServer } from '../server/store-server';
import type { EventStorage } from '../storage';

/**
 * Registers the persistent-subscriptions gRPC service on the store server. Filled in by the
 * persistent-subscriptions module; until then the store serves no persistent subscriptions
 * (and does not advertise them).
 */
export function registerPersistentSubscriptions(_server: StoreServer, _storage: EventStorage): void {}
