import {
  registerPersistentSubscriptions,
  summarizeGroups,
  type PersistentGroupSummary,
  type PersistentSubscriptions,
} from './persistent';
import { registerGossip } from './server/gossip.service';
import { registerServerFeatures } from './server/server-features.service';
import { StoreServer } from './server/store-server';
import { DEFAULT_MAX_APPEND_SIZE } from './server/streams/proposed-events';
import { registerStreams } from './server/streams/streams.service';
import { EventStorage } from './storage';
import type { EventStorageOptions } from './storage';

/** Options of {@link startEmbeddedStore}. */
export interface EmbeddedStoreOptions {
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Interface to bind; loopback by default (the store has no TLS and no ACLs). */
  readonly host?: string;
  /** Data directory; undefined keeps everything in memory (tests). */
  readonly dataDir?: string;
  /** Largest append accepted, in bytes of data plus metadata (default 1 MiB, as EventStoreDB). */
  readonly maxAppendSize?: number;
  /** See {@link EventStorageOptions.synchronous}. */
  readonly synchronous?: EventStorageOptions['synchronous'];
  /** See {@link EventStorageOptions.systemProjections} (default true). */
  readonly systemProjections?: boolean;
  /** More gRPC services to serve, registered before the server starts listening. */
  readonly services?: ReadonlyArray<(server: StoreServer, storage: EventStorage) => void>;
}

/** A running embedded store. */
export interface RunningEmbeddedStore {
  /** e.g. `esdb://127.0.0.1:2113?tls=false`, for `EventStoreDBClient.connectionString`. */
  readonly connectionString: string;
  readonly host: string;
  readonly port: number;
  readonly storage: EventStorage;
  /** Its persistent subscription groups now: clients, messages in flight, parked, lag (metrics). */
  persistentGroups(): PersistentGroupSummary[];
  /** Stops serving, commits what is queued and closes the storage. */
  stop(): Promise<void>;
}

/**
 * Composes the store's gRPC server on a storage: `ServerFeatures`, `Gossip`, `Streams`, persistent
 * subscriptions, then any `services` given. Call `listen` on the result to serve.
 */
export function createStoreServer(options: {
  readonly storage: EventStorage;
  readonly maxAppendSize?: number;
  readonly services?: ReadonlyArray<(server: StoreServer, storage: EventStorage) => void>;
}): StoreServer {
  return composeStoreServer(options).server;
}

function composeStoreServer(options: Parameters<typeof createStoreServer>[0]): {
  server: StoreServer;
  subscriptions: PersistentSubscriptions;
} {
  const server = new StoreServer();
  registerServerFeatures(server);
  registerGossip(server);
  registerStreams(server, options.storage, options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE);
  const subscriptions = registerPersistentSubscriptions(server, options.storage);
  for (const register of options.services ?? []) register(server, options.storage);
  return { server, subscriptions };
}

/**
 * Starts an EventStoreDB-compatible store in this process: what tests use (port 0, in memory)
 * and what `apps/store` runs.
 */
export async function startEmbeddedStore(options: EmbeddedStoreOptions = {}): Promise<RunningEmbeddedStore> {
  const host = options.host ?? '127.0.0.1';
  const storage = new EventStorage({
    dataDir: options.dataDir,
    synchronous: options.synchronous,
    systemProjections: options.systemProjections,
  });
  const { server, subscriptions } = composeStoreServer({
    storage,
    maxAppendSize: options.maxAppendSize,
    services: options.services,
  });
  let port: number;
  try {
    ({ port } = await server.listen(host, options.port ?? 0));
  } catch (error) {
    storage.close();
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    connectionString: `esdb://${host.includes(':') ? `[${host}]` : host}:${port}?tls=false`,
    host,
    port,
    storage,
    persistentGroups: () => summarizeGroups(subscriptions, storage),
    stop: () =>
      (stopped ??= server.stop().then(() => {
        storage.close();
      })),
  };
}
