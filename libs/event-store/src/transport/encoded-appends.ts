import { randomUUID } from 'node:crypto';
import {
  ANY,
  type AppendResult,
  type AppendToStreamOptions,
  type BaseOptions,
  type EventData,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import {
  unpackToCommandError,
  unpackWrongExpectedVersion,
} from '@eventstore/db-client/dist/streams/appendToStream/unpackError';
import { backpressuredWrite } from '@eventstore/db-client/dist/utils/backpressuredWrite';
import { convertToCommandError, UnavailableError } from '@eventstore/db-client/dist/utils/CommandError';
import { parseUUID } from '@eventstore/db-client/dist/utils/grpcUUID';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import type { BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import {
  makeGenericClientConstructor,
  type CallOptions,
  type Client,
  type ClientDuplexStream,
  type Metadata,
} from '@grpc/grpc-js';
import {
  decodeBatchAppendResp,
  encodeBatchAppend,
  isEncodable,
  isEncodableRevision,
  type BatchAppendResponse,
} from './append-codec';
import { internalsOf } from './client-internals';

/**
 * The client's generated `Streams` service with only `BatchAppend`: requests go out as the bytes
 * `encodeBatchAppend` wrote, responses come in through `decodeBatchAppendResp` (ADR 0083).
 */
const EncodingStreamsClient = makeGenericClientConstructor(
  {
    batchAppend: {
      ...StreamsService.batchAppend,
      requestSerialize: (bytes: Buffer) => bytes,
      responseDeserialize: decodeBatchAppendResp,
    },
  },
  'Streams',
);

type AppendStream = ClientDuplexStream<Buffer, BatchAppendResponse>;
type EncodingClient = Client & { batchAppend(metadata: Metadata, options: CallOptions): AppendStream };
type Settle = [resolve: (result: AppendResult) => void, reject: (error: unknown) => void];

const DEFAULT_BATCH_APPEND_SIZE = 3 * 1024 * 1024;
const STREAM_ENDED = 'the store ended the append stream';

/**
 * Makes `client.appendToStream` write its requests' bytes itself (ADR 0083) and returns the client.
 * What the client does around them stays the client's: the check that the server has `BatchAppend`
 * (and the older `Append` otherwise), the long-lived stream on its channel with its reconnection,
 * the deadline, back-pressured writes, and every error and failed append, read from the generated
 * message by the client's own functions. Appends with credentials of their own, and expected
 * revisions or events Heed does not write (`isEncodableRevision`, `isEncodable`), go through the
 * client's method unchanged. A client
 * without that plumbing (another major version) is returned unchanged.
 */
export function withEncodedAppends(client: EventStoreDBClient): EventStoreDBClient {
  const internals = internalsOf(client);
  if (internals === undefined) return client;
  const clientAppend = client.appendToStream.bind(client);
  const streams = new WeakMap<Client, AppendStream>();
  // The appends awaiting their answer, by the stream that carries them (one at a time per gRPC
  // client, a new one after a reconnection).
  const pendingOn = new WeakMap<AppendStream, Map<string, Settle>>();
  // Those of streams that answer no more.
  const ended = new WeakSet<Map<string, Settle>>();

  const settle = (pending: Map<string, Settle>, response: BatchAppendResponse) => {
    if (response.kind === 'success') {
      const settling = pending.get(response.correlationId);
      if (settling === undefined) return;
      pending.delete(response.correlationId);
      settling[0](response.result);
      return;
    }
    settleAsTheClient(pending, response.resp);
  };

  // The client's own handling of a response (its `batchAppend`), for errors and the unusual.
  const settleAsTheClient = (pending: Map<string, Settle>, resp: BatchAppendResp) => {
    const id = parseUUID(resp.getCorrelationId());
    const settling = id === undefined ? undefined : pending.get(id);
    if (settling === undefined) return;
    pending.delete(id!);
    const [resolve, reject] = settling;
    if (resp.hasError()) {
      const grpcError = resp.getError()!;
      if (!internals.throwOnAppendFailure) {
        const wrongExpectedVersion = unpackWrongExpectedVersion(grpcError);
        if (wrongExpectedVersion) {
          // As the client gives it (from whether there is a current revision, not from the revision).
          const nextExpectedRevision = wrongExpectedVersion.hasCurrentStreamRevision()
            ? BigInt(wrongExpectedVersion.hasCurrentStreamRevision())
            : BigInt(-1);
          resolve({ success: false, nextExpectedRevision, position: undefined });
          return;
        }
      }
      const streamName = Buffer.from(resp.getStreamIdentifier()?.getStreamName() ?? '').toString('utf8');
      reject(unpackToCommandError(grpcError, streamName));
      return;
    }
    const success = resp.getSuccess();
    if (success === undefined) {
      reject(new TypeError('BatchAppend answered with neither an error nor a success'));
      return;
    }
    const position = success.getPosition();
    resolve({
      success: true,
      nextExpectedRevision: BigInt(success.getCurrentRevision()),
      position: position
        ? { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()) }
        : undefined,
    });
  };

  const failAll = (pending: Map<string, Settle>, error: unknown) => {
    ended.add(pending);
    for (const [, reject] of pending.values()) reject(error);
    pending.clear();
  };

  // Opens the stream with the metadata and call options of the append that opens it, as the client.
  const open = (grpc: Client, baseOptions: BaseOptions): AppendStream => {
    const pending = new Map<string, Settle>();
    const stream = (grpc as EncodingClient)
      .batchAppend(...internals.callArguments(baseOptions, { deadline: Infinity }))
      .on('data', (response: BatchAppendResponse) => settle(pending, response))
      .on('error', (error: Error) => failAll(pending, convertToCommandError(error)))
      // A call the server ends without an error answers nothing more: what waits on it is not
      // written as far as this client knows (the client's own appends would wait for ever).
      .on('end', () => {
        failAll(pending, new UnavailableError(undefined, STREAM_ENDED));
        // Its writing side ended too, the call is finished for the client, which then drops it
        // from its cache: the next append opens a new stream (this one would refuse it for ever).
        stream.end();
      });
    pendingOn.set(stream, pending);
    return stream;
  };

  client.appendToStream = async (
    streamName: string,
    event: EventData | EventData[],
    options: AppendToStreamOptions = {},
  ): Promise<AppendResult> => {
    const events = Array.isArray(event) ? event : [event];
    const { expectedRevision = ANY, batchAppendSize = DEFAULT_BATCH_APPEND_SIZE, ...baseOptions } = options;
    if (
      baseOptions.credentials !== undefined ||
      !isEncodableRevision(expectedRevision) ||
      !events.every(isEncodable) ||
      !(await internals.supports(StreamsService.batchAppend))
    ) {
      return clientAppend(streamName, event, options);
    }
    const stream = await internals.GRPCStreamCreator(
      EncodingStreamsClient,
      'appendToStream',
      (grpc) => open(grpc, baseOptions),
      streams,
    )();
    const pending = pendingOn.get(stream)!;
    if (ended.has(pending)) throw new UnavailableError(undefined, STREAM_ENDED);
    const correlationId = randomUUID();
    const requests = encodeBatchAppend(
      correlationId,
      streamName,
      events,
      expectedRevision,
      internals.createDeadline(baseOptions.deadline),
      batchAppendSize,
    );
    const result = new Promise<AppendResult>((resolve, reject) => pending.set(correlationId, [resolve, reject]));
    // The stream answers or fails the append while its requests may still be waiting to be written
    // (back-pressure): a write waiting for a `drain` on a call that died waits for ever, and the
    // append's failure must not go unhandled meanwhile (it would stop the process). Whichever comes
    // first settles the append; the other is handled here.
    const writes = (async () => {
      for (const request of requests) await backpressuredWrite(stream, request);
    })();
    void writes.catch(() => undefined);
    void result.catch(() => undefined);
    try {
      await Promise.race([writes, result]);
    } catch (error) {
      pending.delete(correlationId);
      throw convertToCommandError(error as Error);
    }
    return result;
  };
  return client;
}
