import type { StoreServer } from '../server/store-server';
import type { EventStorage } from '../storage';
import { PersistentSubscriptions } from './persistent-subscriptions';
import { addPersistentSubscriptionsService } from './persistent-subscriptions.service';
import { StoragePersistentStore } from './storage-persistent-store';

export { PersistentSubscriptions } from './persistent-subscriptions';
export { summarizeGroups, type PersistentGroupSummary } from './group-summary';

/**
 * Registers the persistent-subscriptions gRPC service on the store server: the groups saved in the
 * storage are loaded and follow its commits from now on.
 */
export function registerPersistentSubscriptions(server: StoreServer, storage: EventStorage): PersistentSubscriptions {
  const subscriptions = new PersistentSubscriptions(new StoragePersistentStore(storage), undefined, (error) => {
    // A closed storage means the store is stopping: the groups stop with it.
    if (error instanceof Error && error.name === 'StorageClosedError') subscriptions.stop();
  });
  addPersistentSubscriptionsService(server, subscriptions);
  subscriptions.start().catch((error: unknown) => {
    // An unreadable configuration leaves the store serving streams, without persistent subscriptions.
    process.emitWarning(`persistent subscriptions not loaded: ${String(error)}`);
  });
  return subscriptions;
}
