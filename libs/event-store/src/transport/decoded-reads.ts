import {
  BACKWARDS,
  END,
  FORWARDS,
  InvalidArgumentError,
  START,
  type EventStoreDBClient,
  type ReadRevision,
  type ReadStreamOptions,
} from '@eventstore/db-client';
import type { Direction } from '@eventstore/db-client/dist/types';
import { ReadStream } from '@eventstore/db-client/dist/streams/utils/ReadStream';
import { createStreamIdentifier } from '@eventstore/db-client/dist/utils/grpcStreamIdentifier';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { StreamsClient, StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import { makeGenericClientConstructor, type CallOptions, type Client, type Metadata } from '@grpc/grpc-js';
import type { ReadableOptions } from 'node:stream';
import { internalsOf, type ClientInternals } from './client-internals';
import { encodeStreamReadRequest, isEncodableRead } from './read-request-codec';
import { decodeStreamsReadResp } from './read-resp-decoder';

/**
 * The client's generated `Streams` service with only `Read`, its responses decoded by
 * `decodeStreamsReadResp` (ADR 0082).
 */
const DecodingStreamsClient = makeGenericClientConstructor(
  {
    read: {
      ...StreamsService.read,
      // A stream read's request comes as the bytes Heed wrote (ADR 0083), a subscription's as the
      // client's generated message.
      requestSerialize: (req: ReadReq | Buffer) =>
        Buffer.isBuffer(req) ? req : StreamsService.read.requestSerialize(req),
      responseDeserialize: decodeStreamsReadResp,
    },
  },
  'Streams',
);

type DecodingClient = Client & {
  read(req: ReadReq | Buffer, metadata: Metadata, options: CallOptions): NodeJS.ReadableStream;
};

const MAX_REVISION = BigInt('0xffffffffffffffff');

/**
 * Makes `client.readStream`, `client.subscribeToAll` and `client.subscribeToStream` decode each
 * response with `decodeStreamsReadResp` (ADR 0082) and returns the client. The requests (a stream
 * read's written by Heed, byte for byte the client's: ADR 0083), their checks and filters, the
 * channel, credentials and reconnection, and the objects handed back
 * (`ReadStream` with its `StreamNotFoundError`, the catch-up `Subscription` with its confirmation,
 * `caughtUp`, `fellBehind`, checkpoints and unsubscribing) are the client's own: the same methods
 * with the same results (`test/decoded-reads.int.spec.ts` reads and subscribes to the same streams
 * both ways). A client without that plumbing (another major version) is returned unchanged.
 */
export function withDecodedReads(client: EventStoreDBClient): EventStoreDBClient {
  const internals = internalsOf(client);
  if (internals === undefined) return client;
  withDecodedSubscriptions(client, internals);
  client.readStream = (
    streamName: string,
    {
      maxCount = Number.MAX_SAFE_INTEGER,
      fromRevision = START,
      resolveLinkTos = false,
      direction = FORWARDS,
      ...baseOptions
    }: ReadStreamOptions = {},
    readableOptions: ReadableOptions = {},
  ) => {
    // The request the client's own `readStream` sends, checked as it checks it: in the bytes Heed
    // writes (ADR 0083), or as the client builds it for a read Heed does not write.
    if (typeof fromRevision === 'bigint') {
      if (fromRevision < 0n) {
        throw new InvalidArgumentError(
          `fromRevision value must be a non-negative integer. Value Received: ${fromRevision}`,
        );
      }
      if (fromRevision > MAX_REVISION) {
        throw new InvalidArgumentError(
          `fromRevision value must be a non-negative integer, range from 0 to 18446744073709551615. Value Received: ${fromRevision}`,
        );
      }
    }
    const req = isEncodableRead(maxCount, fromRevision, direction)
      ? encodeStreamReadRequest({ streamName, fromRevision, resolveLinkTos, maxCount, direction })
      : generatedRequest(streamName, fromRevision, resolveLinkTos, maxCount, direction);
    const create = internals.GRPCStreamCreator(DecodingStreamsClient, 'readStream', (grpc) =>
      (grpc as DecodingClient).read(req, ...internals.callArguments(baseOptions, { deadline: Infinity })),
    );
    // Responses are `DecodedStreamsReadResp`s, their events converted already: the conversion is
    // the identity.
    return new ReadStream(
      create as unknown as ConstructorParameters<typeof ReadStream>[0],
      (event) => event as never,
      readableOptions,
    );
  };
  return client;
}

/** What Heed changes of the client's catch-up `Subscription`: its conversion of each event. */
type ConvertingSubscription = { convertGrpcEvent?: unknown; unsubscribe(): Promise<void> };

/**
 * The client's own `subscribeToAll` and `subscribeToStream` build their request and their
 * `Subscription`; while one of them runs, the client's stream creator is handed the decoding
 * service in place of the generated `StreamsClient`, and the subscription's conversion step becomes
 * the identity (its responses carry converted events). Should a later client's `Subscription` have
 * no such step, that subscription is dropped before its stream opens and the client's method runs
 * again undecoded.
 */
function withDecodedSubscriptions(client: EventStoreDBClient, internals: ClientInternals): void {
  const create = internals.GRPCStreamCreator;
  let decoding = false;
  (client as unknown as { GRPCStreamCreator: typeof create }).GRPCStreamCreator = (clientClass, ...rest) =>
    create(decoding && clientClass === StreamsClient ? DecodingStreamsClient : clientClass, ...rest);
  const decoded =
    <A extends unknown[], S>(subscribe: (...args: A) => S) =>
    (...args: A): S => {
      decoding = true;
      let subscription: S;
      try {
        subscription = subscribe(...args);
      } finally {
        decoding = false;
      }
      const converting = subscription as ConvertingSubscription;
      if (typeof converting.convertGrpcEvent !== 'function') {
        void converting.unsubscribe();
        return subscribe(...args);
      }
      converting.convertGrpcEvent = identity;
      return subscription;
    };
  type SubscribeToAll = EventStoreDBClient['subscribeToAll'];
  client.subscribeToAll = decoded<Parameters<SubscribeToAll>, ReturnType<SubscribeToAll>>(
    client.subscribeToAll.bind(client),
  );
  client.subscribeToStream = decoded(client.subscribeToStream.bind(client));
}

const identity = <T>(event: T): T => event;

/** The request as the client's own `readStream` builds it, for reads Heed does not write itself. */
function generatedRequest(
  streamName: string,
  fromRevision: ReadRevision,
  resolveLinkTos: boolean,
  maxCount: number | bigint,
  direction: Direction,
): ReadReq {
  const streamOptions = new ReadReq.Options.StreamOptions();
  streamOptions.setStreamIdentifier(createStreamIdentifier(streamName));
  if (fromRevision === START) streamOptions.setStart(new Empty());
  else if (fromRevision === END) streamOptions.setEnd(new Empty());
  else streamOptions.setRevision(fromRevision.toString(10));
  const uuidOption = new ReadReq.Options.UUIDOption();
  uuidOption.setString(new Empty());
  const options = new ReadReq.Options();
  options.setStream(streamOptions);
  options.setResolveLinks(resolveLinkTos);
  options.setCount(maxCount.toString(10));
  options.setUuidOption(uuidOption);
  options.setNoFilter(new Empty());
  if (direction === FORWARDS) options.setReadDirection(0);
  else if (direction === BACKWARDS) options.setReadDirection(1);
  const req = new ReadReq();
  req.setOptions(options);
  return req;
}
