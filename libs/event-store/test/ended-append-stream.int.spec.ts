import { EventStoreDBClient, UnavailableError, jsonEvent } from '@eventstore/db-client';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { AllStreamPosition } from '@eventstore/db-client/generated/shared_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import { Server, ServerCredentials, type ServerDuplexStream } from '@grpc/grpc-js';
import { withEncodedAppends } from '../src/transport/encoded-appends';

/**
 * A server with `BatchAppend` that ends its first append stream, without an error and without
 * answering, as soon as a request comes, and answers every append on the streams after it.
 */
async function endsFirstStream(): Promise<{ url: string; opened(): number; stop(): void }> {
  const server = new Server();
  let opened = 0;
  server.addService(StreamsService, {
    batchAppend(call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>) {
      const first = ++opened === 1;
      call.on('data', (request: BatchAppendReq) => {
        if (first) {
          call.end();
          return;
        }
        const position = new AllStreamPosition().setCommitPosition('7').setPreparePosition('7');
        const success = new BatchAppendResp.Success().setCurrentRevision('0').setPosition(position);
        call.write(new BatchAppendResp().setCorrelationId(request.getCorrelationId()).setSuccess(success));
      });
      call.on('end', () => call.end());
    },
  });
  server.addService(ServerFeaturesService, {
    getSupportedMethods(_: unknown, answer: (error: null, methods: SupportedMethods) => void) {
      const batchAppend = new SupportedMethod()
        .setMethodName('batchappend')
        .setServiceName('event_store.client.streams.streams');
      answer(null, new SupportedMethods().setMethodsList([batchAppend]).setEventStoreServerVersion('23.10.0'));
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error === null ? resolve(bound) : reject(error),
    ),
  );
  return { url: `esdb://127.0.0.1:${port}?tls=false`, opened: () => opened, stop: () => server.forceShutdown() };
}

describe('withEncodedAppends: after the store ends an append stream without an error', () => {
  it('fails the append waiting on it as unavailable and writes the next one on a new stream', async () => {
    const server = await endsFirstStream();
    const client = withEncodedAppends(EventStoreDBClient.connectionString(server.url));
    try {
      const first = client.appendToStream('s-1', jsonEvent({ type: 'T', data: { n: 1 } }));
      await expect(first).rejects.toBeInstanceOf(UnavailableError);
      await expect(first).rejects.toThrow('the store ended the append stream');
      // The ended stream, left open on the client's side, was kept by the client's cache and
      // refused every append after it: the service never recovered.
      const second = await client.appendToStream('s-2', jsonEvent({ type: 'T', data: { n: 2 } }));
      expect(second).toMatchObject({ success: true, nextExpectedRevision: 0n, position: { commit: 7n, prepare: 7n } });
      expect(server.opened()).toBe(2);
      // Nothing of the ended stream is left for the client to wait on.
      await client.dispose();
    } finally {
      server.stop();
    }
  });
});
