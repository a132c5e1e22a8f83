import type { EventStoreDBClient, StreamingRead } from '@eventstore/db-client';

/**
 * Makes the reads of `client` (`readStream`, `readAll`) drop an error that comes after their reader
 * is done, and returns the client.
 *
 * A read ends, for its reader, on its last event or on its first error ("stream not found" is one);
 * the gRPC call's status comes after that. When the connection drops in between (the store killed,
 * restarting, a network cut), that status is an error too, and the client's read stream emits it
 * again. Its reader has stopped listening by then (`for await` and Heed's own readers destroy the
 * read when they are done), and an `'error'` with no listener throws out of the gRPC callback and
 * takes the whole process down. An error with a reader still listening reaches it unchanged, and one
 * on a read nobody ever read or destroyed is thrown as before.
 */
export function withSettledReads(client: EventStoreDBClient): EventStoreDBClient {
  const readStream = client.readStream.bind(client);
  const readAll = client.readAll.bind(client);
  client.readStream = (...args) => settled(readStream(...args));
  client.readAll = (...args) => settled(readAll(...args));
  return client;
}

function settled<R extends StreamingRead<unknown>>(read: R): R {
  read.on('error', (error: Error) => {
    // Another listener is the reader's: the error is theirs.
    if (read.listenerCount('error') > 1) return;
    // A read its reader is done with: the call's late status.
    if (read.destroyed || read.readableEnded) return;
    throw error;
  });
  return read;
}
