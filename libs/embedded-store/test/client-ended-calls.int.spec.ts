import { randomUUID } from 'node:crypto';
import { BACKWARDS, END, EventStoreDBClient, jsonEvent, START, StreamNotFoundError } from '@eventstore/db-client';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { BatchAppendReq } from '@eventstore/db-client/generated/streams_pb';
import type { BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import { credentials } from '@grpc/grpc-js';
import { startEmbeddedStore } from '@heed/embedded-store';
import type { RunningEmbeddedStore } from '@heed/embedded-store';
import { uniqueStream } from './store-fixture';

const happened = (i: number) => jsonEvent({ type: 'Happened', data: { i } });

/** Resolves with whether `promise` settled before `ms` elapsed: a guard, so a hang fails the spec by name. */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([promise.then(() => true), late]).finally(() => clearTimeout(timer));
}

async function readMissingStream(client: EventStoreDBClient): Promise<unknown> {
  try {
    for await (const _ of client.readStream(uniqueStream('missing'))) throw new Error('expected no event');
  } catch (error) {
    return error;
  }
  return undefined;
}

/**
 * Calls the client ends before the store does: reads left early, subscriptions left or
 * unsubscribed. Each spec owns its store and client, since disposing the client is the point.
 */
describe('embedded store: calls the client ends', () => {
  let store: RunningEmbeddedStore;
  let client: EventStoreDBClient;
  beforeEach(async () => {
    store = await startEmbeddedStore({ port: 0 });
    client = EventStoreDBClient.connectionString(store.connectionString);
  });
  afterEach(() => store.stop());

  it('lets the client dispose after a read left while the stream still had events to send', async () => {
    const stream = uniqueStream('long');
    await client.appendToStream(
      stream,
      Array.from({ length: 2000 }, (_, i) => happened(i)),
    );

    let first: bigint | undefined;
    for await (const resolved of client.readStream(stream)) {
      first = resolved.event?.revision;
      break;
    }
    const missing = await readMissingStream(client);

    expect(first).toBe(0n);
    expect(missing).toBeInstanceOf(StreamNotFoundError);
    await expect(settlesWithin(client.dispose(), 5_000)).resolves.toBe(true);
  });

  it('lets the client dispose after reading the last event of a stream, then a missing stream', async () => {
    const stream = uniqueStream('last');
    await client.appendToStream(
      stream,
      [0, 1, 2].map((i) => happened(i)),
    );

    const last: Array<bigint | undefined> = [];
    for await (const resolved of client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
      last.push(resolved.event?.revision);
    }
    const missing = await readMissingStream(client);

    expect(last).toEqual([2n]);
    expect(missing).toBeInstanceOf(StreamNotFoundError);
    await expect(settlesWithin(client.dispose(), 5_000)).resolves.toBe(true);
  });

  it('stops following the log as soon as the client unsubscribes, before any further commit', async () => {
    const stream = uniqueStream('followed');
    await client.appendToStream(stream, happened(0));
    const followersBefore = store.storage.commitListenerCount();

    const subscription = client.subscribeToStream(stream, { fromRevision: START });
    for await (const _ of subscription) break;
    const followersWhileSubscribed = store.storage.commitListenerCount();
    await subscription.unsubscribe();
    // A read on the same connection: the store has handled the cancellation sent before it.
    await readMissingStream(client);

    expect(followersWhileSubscribed).toBe(followersBefore + 1);
    expect(store.storage.commitListenerCount()).toBe(followersBefore);
    await expect(settlesWithin(client.dispose(), 5_000)).resolves.toBe(true);
  });

  it('answers an append before its subscribers see the event, so stopping on it leaves nothing pending', async () => {
    const stream = uniqueStream('answered');
    await client.appendToStream(stream, happened(0));
    const subscription = client.subscribeToStream(stream, { fromRevision: START });
    let appendSettled: 'pending' | 'resolved' | 'rejected' = 'pending';

    let seenAtLive: typeof appendSettled | undefined;
    for await (const resolved of subscription) {
      if (resolved.event?.revision === 0n) {
        void client.appendToStream(stream, happened(1)).then(
          () => (appendSettled = 'resolved'),
          () => (appendSettled = 'rejected'),
        );
      }
      if (resolved.event?.revision === 1n) {
        seenAtLive = appendSettled;
        break;
      }
    }

    expect(seenAtLive).toBe('resolved');
    await expect(settlesWithin(client.dispose(), 5_000)).resolves.toBe(true);
    expect(appendSettled).toBe('resolved');
  });

  it('answers the appends of a BatchAppend call the client half-closed right after sending them', async () => {
    const stream = uniqueStream('halfclosed');
    const raw = new StreamsClient(`127.0.0.1:${store.port}`, credentials.createInsecure());
    const call = raw.batchAppend();
    const responses: BatchAppendResp[] = [];
    const ended = new Promise<void>((resolve, reject) => {
      call.on('data', (response: BatchAppendResp) => responses.push(response));
      call.on('end', resolve);
      call.on('error', reject);
    });

    const options = new BatchAppendReq.Options()
      .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(stream)))
      .setAny(new Empty());
    const message = new BatchAppendReq.ProposedMessage()
      .setId(new UUID().setString(randomUUID()))
      .setData(Buffer.from('{}'))
      .setCustomMetadata(Buffer.alloc(0));
    message.getMetadataMap().set('type', 'Happened').set('content-type', 'application/json');
    const request = new BatchAppendReq()
      .setCorrelationId(new UUID().setString(randomUUID()))
      .setOptions(options)
      .setIsFinal(true);
    request.addProposedMessages(message);
    call.write(request);
    call.end();
    await ended;
    raw.close();

    expect(responses.map((r) => r.hasSuccess() && r.getSuccess()!.getCurrentRevision())).toEqual(['0']);
    expect(store.storage.streamState(stream).lastRevision).toBe(0);
  });
});
