import {
  BACKWARDS,
  END,
  FORWARDS,
  InvalidArgumentError,
  START,
  type EventStoreDBClient,
  type ReadStreamOptions,
} from '@eventstore/db-client';
import { ReadStream } from '@eventstore/db-client/dist/streams/utils/ReadStream';
import { createStreamIdentifier } from '@eventstore/db-client/dist/utils/grpcStreamIdentifier';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import { makeGenericClientConstructor, type CallOptions, type Client, type Metadata } from '@grpc/grpc-js';
import type { ReadableOptions } from 'node:stream';
import { internalsOf } from './client-internals';
import { decodeStreamsReadResp } from './read-resp-decoder';

/**
 * The client's generated `Streams` service with only `Read`, its responses decoded by
 * `decodeStreamsReadResp` (ADR 0082).
 */
const DecodingStreamsClient = makeGenericClientConstructor(
  { read: { ...StreamsService.read, responseDeserialize: decodeStreamsReadResp } },
  'Streams',
);

type DecodingClient = Client & {
  read(req: ReadReq, metadata: Metadata, options: CallOptions): NodeJS.ReadableStream;
};

const MAX_REVISION = BigInt('0xffffffffffffffff');

/**
 * Makes `client.readStream` decode each response with `decodeStreamsReadResp` (ADR 0082) and
 * returns the client. The request, its checks, the channel, credentials and reconnection, and the
 * stream object handed back (`StreamNotFoundError`, cancelling) are the client's own: the same
 * method with the same results (`test/decoded-reads.int.spec.ts` reads the same streams both ways). A client
 * without that plumbing (another major version) is returned unchanged.
 */
export function withDecodedReads(client: EventStoreDBClient): EventStoreDBClient {
  const internals = internalsOf(client);
  if (internals === undefined) return client;
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
    // The request the client's own `readStream` sends, checked as it checks it.
    const streamOptions = new ReadReq.Options.StreamOptions();
    streamOptions.setStreamIdentifier(createStreamIdentifier(streamName));
    if (fromRevision === START) streamOptions.setStart(new Empty());
    else if (fromRevision === END) streamOptions.setEnd(new Empty());
    else {
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
      streamOptions.setRevision(fromRevision.toString(10));
    }
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
