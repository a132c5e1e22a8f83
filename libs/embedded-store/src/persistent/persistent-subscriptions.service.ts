import {
  type IPersistentSubscriptionsServer,
  PersistentSubscriptionsService,
} from '@eventstore/db-client/generated/persistent_grpc_pb';
import {
  CreateResp,
  DeleteResp,
  GetInfoResp,
  ListResp,
  type ReadReq,
  type ReadResp,
  ReplayParkedResp,
  UpdateResp,
} from '@eventstore/db-client/generated/persistent_pb';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { type sendUnaryData, type ServerDuplexStream, type ServiceError, status } from '@grpc/grpc-js';

import { grpcError, internalError } from '../server/grpc-errors';
import { writeBufferedResponsesTogether } from '../server/streams/buffered-writes';
import { uuidOf } from '../server/wire-format';
import { InvalidRequestError } from '../server/invalid-request';
import { type StoreServer } from '../server/store-server';
import { ALL_STREAM } from './event-source';
import {
  MalformedSubscriptionRequestError,
  PersistentSubscriptionError,
  SubscriptionDroppedError,
} from './persistent-subscription-errors';
import { type ConsumerHandle, type PersistentSubscriptions } from './persistent-subscriptions';
import {
  definitionOf,
  groupNameOf,
  nackActionOf,
  readOptionsOf,
  sourceNameOf,
  stopAtOf,
  streamNameOf,
} from './subscription-requests';
import { encodeEventResponse } from './event-response-encoding';
import { confirmationResponse, subscriptionInfo } from './subscription-responses';

/** The feature strings the client checks before using gRPC (rather than HTTP) for an operation. */
const STREAM_AND_ALL = ['stream', 'all'] as const;

/** A failure as the status and trailers `@eventstore/db-client` turns into its typed errors. */
export const toServiceError = (error: unknown): ServiceError => {
  if (error instanceof MalformedSubscriptionRequestError || error instanceof InvalidRequestError) {
    return grpcError(status.INVALID_ARGUMENT, error.message);
  }
  if (error instanceof PersistentSubscriptionError) {
    const trailers: Record<string, string> = {
      'stream-name': (error as unknown as { streamName: string }).streamName,
      'group-name': (error as unknown as { groupName: string }).groupName,
    };
    switch (error.code) {
      case 'PERSISTENT_SUBSCRIPTION_EXISTS':
        return grpcError(status.ALREADY_EXISTS, error.message, {
          exception: 'persistent-subscription-exists',
          ...trailers,
        });
      case 'PERSISTENT_SUBSCRIPTION_DOES_NOT_EXIST':
        return grpcError(status.NOT_FOUND, error.message, {
          exception: 'persistent-subscription-does-not-exist',
          ...trailers,
        });
      case 'MAXIMUM_SUBSCRIBERS_REACHED':
        return grpcError(status.FAILED_PRECONDITION, error.message, {
          exception: 'maximum-subscribers-reached',
          ...trailers,
        });
      case 'PERSISTENT_SUBSCRIPTION_DROPPED':
        return grpcError(status.CANCELLED, error.message, {
          exception: 'persistent-subscription-dropped',
          ...trailers,
        });
      case 'PERSISTENT_SUBSCRIPTION_FAILED':
        return grpcError(status.INTERNAL, error.message, {
          exception: 'persistent-subscription-failed',
          reason: (error as unknown as { reason: string }).reason,
          ...trailers,
        });
      default:
        return internalError(error);
    }
  }
  return internalError(error);
};

/** Runs a unary handler, answering with its result or with its failure as the client expects it. */
const unary =
  <Req, Res>(handle: (request: Req) => Promise<Res> | Res) =>
  (call: { request: Req }, callback: sendUnaryData<Res>): void => {
    Promise.resolve()
      .then(() => handle(call.request))
      .then(
        (response) => callback(null, response),
        (error: unknown) => callback(toServiceError(error)),
      );
  };

/**
 * The `event_store.client.persistent_subscriptions.PersistentSubscriptions` service on the
 * generated definitions, over the subsystem that runs the groups.
 */
export const persistentSubscriptionsServer = (
  subscriptions: PersistentSubscriptions,
): IPersistentSubscriptionsServer => ({
  create: unary(async (request) => {
    await subscriptions.create(definitionOf(request));
    return new CreateResp();
  }),
  update: unary(async (request) => {
    await subscriptions.update(definitionOf(request));
    return new UpdateResp();
  }),
  delete: unary(async (request) => {
    const options = request.getOptions();
    if (options === undefined) throw new MalformedSubscriptionRequestError('options', 'options', undefined);
    const streamName = sourceNameOf(options);
    const groupName = groupNameOf(options.getGroupName());
    const source = subscriptions.get(streamName, groupName).source;
    await subscriptions.delete(source, groupName);
    return new DeleteResp();
  }),
  getInfo: unary((request) => {
    const options = request.getOptions();
    if (options === undefined) throw new MalformedSubscriptionRequestError('options', 'options', undefined);
    const group = subscriptions.get(sourceNameOf(options), groupNameOf(options.getGroupName()));
    return new GetInfoResp().setSubscriptionInfo(subscriptionInfo(group));
  }),
  list: unary((request) => {
    const options = request.getOptions();
    let streamName: string | undefined;
    if (options?.hasListForStream()) {
      const target = options.getListForStream()!;
      streamName = target.hasAll() ? ALL_STREAM : streamNameOf(target.getStream(), 'options.list_for_stream.stream');
    }
    return new ListResp().setSubscriptionsList(subscriptions.list(streamName).map(subscriptionInfo));
  }),
  replayParked: unary((request) => {
    const options = request.getOptions();
    if (options === undefined) throw new MalformedSubscriptionRequestError('options', 'options', undefined);
    const group = subscriptions.get(sourceNameOf(options), groupNameOf(options.getGroupName()));
    group.replayParked(stopAtOf(options));
    return new ReplayParkedResp();
  }),
  restartSubsystem: unary(async () => {
    await subscriptions.restart();
    return new Empty();
  }),
  read: (call: ServerDuplexStream<ReadReq, ReadResp>) => serveRead(subscriptions, call),
});

/**
 * One consumer's `Read` call: options first (answered with the confirmation), then acks and nacks
 * until the client leaves, when its in-flight messages go back to the group.
 */
const serveRead = (subscriptions: PersistentSubscriptions, call: ServerDuplexStream<ReadReq, ReadResp>): void => {
  // A group sends a consumer its messages in runs: they go down together, not one per write.
  writeBufferedResponsesTogether(call);
  let handle: ConsumerHandle | undefined;
  let closed = false;
  const close = (error?: ServiceError): void => {
    if (closed) return;
    closed = true;
    if (handle) subscriptions.disconnect(handle);
    handle = undefined;
    if (error && !call.cancelled) call.emit('error', error);
  };
  call.on('data', (request: ReadReq) => {
    if (closed) return;
    try {
      if (handle === undefined) {
        const options = readOptionsOf(request);
        const connectionName = call.metadata.get('connection-name')[0];
        handle = subscriptions.connect(
          options.streamName,
          options.groupName,
          {
            name: typeof connectionName === 'string' ? connectionName : '<unknown>',
            from: call.getPeer(),
            maxInFlight: options.bufferSize,
          },
          (message) => {
            if (!closed) call.write(encodeEventResponse(message, options.structuredIds));
          },
          () => close(toServiceError(new SubscriptionDroppedError(options.streamName, options.groupName))),
        );
        call.write(confirmationResponse(handle.group.subscriptionId));
        return;
      }
      if (request.hasAck()) {
        handle.group.ack(request.getAck()!.getIdsList().map(uuidOf));
      } else if (request.hasNack()) {
        const nack = request.getNack()!;
        handle.group.nack(nack.getIdsList().map(uuidOf), nackActionOf(nack.getAction()), nack.getReason());
      } else {
        throw new MalformedSubscriptionRequestError('content', 'ack or nack after the options', 'options again');
      }
    } catch (error) {
      close(toServiceError(error));
    }
  });
  call.on('end', () => {
    close();
    call.end();
  });
  call.on('cancelled', () => close());
  call.on('error', () => close());
  call.on('close', () => close());
};

/** Serves the service on the store server and advertises each method with `stream` and `all`. */
export const addPersistentSubscriptionsService = (
  server: StoreServer,
  subscriptions: PersistentSubscriptions,
): void => {
  server.addService(PersistentSubscriptionsService, persistentSubscriptionsServer(subscriptions), {
    create: STREAM_AND_ALL,
    update: STREAM_AND_ALL,
    delete: STREAM_AND_ALL,
    read: STREAM_AND_ALL,
    getInfo: STREAM_AND_ALL,
    list: STREAM_AND_ALL,
    replayParked: STREAM_AND_ALL,
    restartSubsystem: [],
  });
};
