import { EventStoreDBClient, StreamNotFoundError } from '@eventstore/db-client';
import { StreamIdentifier } from '@eventstore/db-client/generated/shared_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { readLastEvent } from '@heed/actors';
import { Server, ServerCredentials, type ServerWritableStream } from '@grpc/grpc-js';
import { PassThrough } from 'node:stream';
import { connectStore } from '../src/connect-store';
import { withSettledReads } from '../src/transport/settled-reads';

/**
 * A server whose `Read` answers "stream not found" and then holds the call open, without its
 * status: the moment between the two, stretched, in which a store killed with `kill -9` leaves a
 * read of a stream that does not exist. The test drops the connection there.
 */
async function notFoundThenHeld(): Promise<{ url: string; held: Promise<void>; drop(): void }> {
  const server = new Server();
  let reached!: () => void;
  const held = new Promise<void>((resolve) => (reached = resolve));
  server.addService(StreamsService, {
    read(call: ServerWritableStream<unknown, ReadResp>) {
      const name = new StreamIdentifier().setStreamName(Buffer.from('missing'));
      call.write(new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(name)));
      reached();
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error === null ? resolve(bound) : reject(error),
    ),
  );
  return { url: `esdb://127.0.0.1:${port}?tls=false`, held, drop: () => server.forceShutdown() };
}

// The engine crashed once in the chaos suite's store kills: a read of a stream that does not exist
// ends, for its reader, on "stream not found"; the call's status comes after that, and when the
// connection drops first the status is an error, re-emitted by the client's read stream with no
// listener left, which throws out of the gRPC callback and takes the process down.
/** Reads a missing stream with `for await`, as most of Heed's readers do: "not found" ends it. */
async function forAwaitMissing(client: EventStoreDBClient): Promise<string> {
  try {
    for await (const _ of client.readStream('missing')) return 'an event';
    return 'no error';
  } catch (error) {
    return error instanceof StreamNotFoundError ? 'not found' : String(error);
  }
}

describe('an error of a read after its reader is done', () => {
  it.each([
    ["Heed's client, `readLastEvent`", true, (c: EventStoreDBClient) => readLastEvent(c, 'missing')],
    ["Heed's client, `for await`", true, forAwaitMissing],
    ['the client as it comes, `readLastEvent`', false, (c: EventStoreDBClient) => readLastEvent(c, 'missing')],
  ])('%s: the read ends as not found, the connection dropped afterwards throws nothing', async (_, heeds, read) => {
    const server = await notFoundThenHeld();
    const client = heeds ? connectStore({ url: server.url }) : EventStoreDBClient.connectionString(server.url);
    try {
      expect(await read(client)).toBe(heeds && read === forAwaitMissing ? 'not found' : undefined);
      await server.held;
      server.drop();
      // The late status arrives as the connection closes; a read of the same client failing on
      // the dropped server comes after it. An error thrown from it fails this test (Jest's own).
      await expect(readLastEvent(client, 'other')).rejects.toThrow();
    } finally {
      await client.dispose().catch(() => undefined);
    }
  });

  it('reaches a reader still listening, and is thrown as before on a read nobody read or ended', () => {
    const reads: PassThrough[] = [];
    const stub = { readStream: () => reads[reads.push(new PassThrough()) - 1], readAll: () => new PassThrough() };
    const client = withSettledReads(stub as unknown as EventStoreDBClient);
    const failure = new Error('UNAVAILABLE');

    const listened = client.readStream('s') as unknown as PassThrough;
    const heard: unknown[] = [];
    listened.on('error', (error) => heard.push(error));
    listened.emit('error', failure);
    expect(heard).toEqual([failure]);

    const unread = client.readStream('s') as unknown as PassThrough;
    expect(() => unread.emit('error', failure)).toThrow(failure);

    const done = client.readStream('s') as unknown as PassThrough;
    done.destroy();
    expect(() => done.emit('error', failure)).not.toThrow();
    const all = client.readAll() as unknown as PassThrough;
    expect(() => all.emit('error', failure)).toThrow(failure);
    all.destroy();
    expect(() => all.emit('error', failure)).not.toThrow();
  });
});
