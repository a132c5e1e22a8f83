import type { Duplex, Writable } from 'node:stream';
import { EventStoreDBClient } from '@eventstore/db-client';

/**
 * A client (not connected) whose `BatchAppend` call is the given stream, for tests and benchmarks
 * of appends without a store: its stream creator hands out that stream and, as the client's, keeps
 * one per gRPC client in the caller's cache; the server is taken to have `BatchAppend`.
 */
export function clientOnStandInStream(stream: Writable | Duplex): EventStoreDBClient {
  const client = EventStoreDBClient.connectionString('esdb://127.0.0.1:1?tls=false');
  const grpc = { batchAppend: () => stream };
  const internals = client as unknown as Record<string, unknown>;
  internals['GRPCStreamCreator'] =
    (_class: unknown, _name: string, create: (grpc: unknown) => unknown, cache?: WeakMap<object, unknown>) =>
    async () => {
      if (cache?.has(grpc)) return cache.get(grpc);
      const created = create(grpc);
      cache?.set(grpc, created);
      return created;
    };
  internals['supports'] = async () => true;
  return client;
}
