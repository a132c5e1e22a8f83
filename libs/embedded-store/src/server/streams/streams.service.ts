import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import type { IStreamsServer } from '@eventstore/db-client/generated/streams_grpc_pb';
import type { EventStorage } from '../../storage';
import type { StoreServer } from '../store-server';
import { appendHandler } from './append';
import { batchAppendHandler } from './batch-append';
import { readBatchAppendRequest } from './batch-append-request';
import { deleteHandler, tombstoneHandler } from './delete';
import { readHandler } from './read';

/** Serves EventStoreDB's `Streams` service (Read, Append, BatchAppend, Delete, Tombstone). */
export function registerStreams(server: StoreServer, storage: EventStorage, maxAppendSize: number): void {
  const implementation: Omit<IStreamsServer, 'batchAppend'> & {
    batchAppend: ReturnType<typeof batchAppendHandler>;
  } = {
    read: readHandler(storage),
    append: appendHandler(storage, maxAppendSize),
    batchAppend: batchAppendHandler(storage, maxAppendSize),
    delete: deleteHandler(storage),
    tombstone: tombstoneHandler(storage),
  };
  // BatchAppend's requests are read by Heed's own decoder; everything else by the generated classes.
  server.addService(
    { ...StreamsService, batchAppend: { ...StreamsService.batchAppend, requestDeserialize: readBatchAppendRequest } },
    implementation,
  );
}
