import {
  UnavailableError,
  UnsupportedError,
  type EventStoreDBClient,
  type PersistentSubscriptionToAll,
  type PersistentSubscriptionToStream,
} from '@eventstore/db-client';
import { PersistentSubscriptionImpl } from '@eventstore/db-client/dist/persistentSubscription/utils/PersistentSubscriptionImpl';
import { backpressuredWrite } from '@eventstore/db-client/dist/utils/backpressuredWrite';
import { convertToCommandError } from '@eventstore/db-client/dist/utils/CommandError';
import { createStreamIdentifier } from '@eventstore/db-client/dist/utils/grpcStreamIdentifier';
import { PersistentSubscriptionsService } from '@eventstore/db-client/generated/persistent_grpc_pb';
import { ReadReq } from '@eventstore/db-client/generated/persistent_pb';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import {
  makeGenericClientConstructor,
  type CallOptions,
  type Client,
  type ClientDuplexStream,
  type Metadata,
} from '@grpc/grpc-js';
import { encodeAck } from './ack-codec';
import { internalsOf, type ClientInternals } from './client-internals';
import { decodeReadResp } from './read-resp-decoder';

/**
 * The client's generated `PersistentSubscriptions` service with only `Read`, whose responses are
 * decoded by `decodeReadResp` instead of google-protobuf: the same path, request encoding and
 * streaming as the client's own (ADR 0082).
 */
const DecodingPersistentSubscriptionsClient = makeGenericClientConstructor(
  {
    read: {
      ...PersistentSubscriptionsService.read,
      // Acknowledgements go out as the bytes Heed wrote (ADR 0083), the rest as the client's messages.
      requestSerialize: (req: ReadReq | Buffer) =>
        Buffer.isBuffer(req) ? req : PersistentSubscriptionsService.read.requestSerialize(req),
      responseDeserialize: decodeReadResp,
    },
  },
  'PersistentSubscriptions',
);

type Call = ClientDuplexStream<ReadReq | Buffer, unknown>;
type DecodingClient = Client & { read(metadata: Metadata, options: CallOptions): Call };

/**
 * `client.subscribeToPersistentSubscriptionToStream(stream, group, { bufferSize })`, with each
 * message decoded by Heed straight into the resolved event the client's conversion gives (ADR
 * 0082), and each acknowledgement written by Heed as the bytes the client's would be (ADR 0083).
 * Everything else is the client's: its channel and reconnection, the request it sends, and its
 * subscription object (confirmation, nacks, pausing, unsubscribing, errors). A client without that
 * plumbing (another major version) gets its own method, unchanged.
 */
export function subscribeDecoded(
  client: EventStoreDBClient,
  stream: string,
  group: string,
  options: Readonly<{ bufferSize: number }>,
): PersistentSubscriptionToStream {
  const internals = internalsOf(client);
  if (internals === undefined) return client.subscribeToPersistentSubscriptionToStream(stream, group, options);
  return subscription(internals, 'subscribeToPersistentSubscriptionToStream', group, options, (readOptions) =>
    readOptions.setStreamIdentifier(createStreamIdentifier(stream)),
  );
}

/**
 * `client.subscribeToPersistentSubscriptionToAll(group, { bufferSize })` decoded the same way, with
 * the client's check that the server has persistent subscriptions to `$all` (EventStoreDB 21.10).
 */
export function subscribeDecodedToAll(
  client: EventStoreDBClient,
  group: string,
  options: Readonly<{ bufferSize: number }>,
): PersistentSubscriptionToAll {
  const internals = internalsOf(client);
  if (internals === undefined) return client.subscribeToPersistentSubscriptionToAll(group, options);
  return subscription(
    internals,
    'subscribeToPersistentSubscriptionToAll',
    group,
    options,
    (readOptions) => readOptions.setAll(new Empty()),
    async () => {
      if (!(await internals.supports(PersistentSubscriptionsService.read, 'all'))) {
        throw new UnsupportedError('subscribeToPersistentSubscriptionToAll', '21.10');
      }
    },
  );
}

/** The subscription the client's own methods build, on the decoding service, from the options they send. */
function subscription<E>(
  internals: ClientInternals,
  debugName: string,
  group: string,
  options: Readonly<{ bufferSize: number }>,
  target: (readOptions: ReadReq.Options) => void,
  check: () => Promise<void> = () => Promise.resolve(),
): PersistentSubscriptionImpl<E> {
  const create = internals.GRPCStreamCreator(DecodingPersistentSubscriptionsClient, debugName, async (grpcClient) => {
    await check();
    // The request the client's own methods send.
    const uuidOption = new ReadReq.Options.UUIDOption();
    uuidOption.setString(new Empty());
    const readOptions = new ReadReq.Options();
    target(readOptions);
    readOptions.setGroupName(group);
    readOptions.setBufferSize(options.bufferSize);
    readOptions.setUuidOption(uuidOption);
    const req = new ReadReq();
    req.setOptions(readOptions);
    const call = (grpcClient as DecodingClient).read(...internals.callArguments({}, { deadline: Infinity }));
    call.write(req);
    return call;
  });
  // The subscription opens its call once; Heed's acknowledgements are written to the same call.
  let call: Promise<Call> | undefined;
  const open = () => (call ??= create() as unknown as Promise<Call>);
  // The stream yields `DecodedReadResp`s, which answer what the subscription asks of a `ReadResp`,
  // their events converted already: the subscription's conversion is the identity.
  const subscription = new PersistentSubscriptionImpl<E>(
    open as unknown as ConstructorParameters<typeof PersistentSubscriptionImpl>[0],
    (event) => event as unknown as E,
    {},
  );
  // The client's `ack`, its request written as bytes (`encodeAck`), its errors converted as it does.
  subscription.ack = async (...events) => {
    try {
      const bytes = encodeAck(events);
      await writeWhileOpen(await open(), bytes);
    } catch (error) {
      throw convertToCommandError(error as Error);
    }
  };
  return subscription;
}

/**
 * Writes with the client's back-pressure, and fails once the call closes or fails first: a write
 * waiting for a `drain` on a call that died would wait for ever (and with it whatever waits for the
 * acknowledgement, a graceful stop among them). Nothing is done when the write is taken at once.
 */
export async function writeWhileOpen(call: Call, bytes: Buffer): Promise<void> {
  if (call.destroyed) throw new UnavailableError(undefined, CALL_CLOSED);
  const written = backpressuredWrite(call, bytes);
  if (!call.writableNeedDrain) return written;
  let closed!: (error?: Error) => void;
  const ended = new Promise<never>((_, reject) => {
    closed = (error) => reject(error ?? new UnavailableError(undefined, CALL_CLOSED));
    call.once('error', closed).once('close', closed);
  });
  void ended.catch(() => undefined);
  try {
    await Promise.race([written, ended]);
  } finally {
    call.off('error', closed).off('close', closed);
  }
}

const CALL_CLOSED = 'the subscription call closed before its acknowledgement was written';
