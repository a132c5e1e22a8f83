/**
 * The failures of the persistent subscription service, each with a stable `code`. The gRPC layer
 * turns them into the status and `exception` trailer that `@eventstore/db-client` maps to its own
 * error classes (`to-grpc-error.ts`).
 */
export abstract class PersistentSubscriptionError extends Error {
  abstract readonly code: string;
}

/** A group of that name already exists on that stream. */
export class SubscriptionGroupExistsError extends PersistentSubscriptionError {
  readonly code = 'PERSISTENT_SUBSCRIPTION_EXISTS';
  constructor(
    readonly streamName: string,
    readonly groupName: string,
  ) {
    super(`Subscription group ${groupName} on stream ${streamName} exists.`);
  }
}

/** No group of that name exists on that stream (or, for a listing, no group on the stream at all). */
export class SubscriptionGroupNotFoundError extends PersistentSubscriptionError {
  readonly code = 'PERSISTENT_SUBSCRIPTION_DOES_NOT_EXIST';
  constructor(
    readonly streamName: string,
    readonly groupName: string,
  ) {
    super(`Subscription group ${groupName} on stream ${streamName} does not exist.`);
  }
}

/** The group already has `maxSubscriberCount` consumers. */
export class MaximumSubscribersReachedError extends PersistentSubscriptionError {
  readonly code = 'MAXIMUM_SUBSCRIBERS_REACHED';
  constructor(
    readonly streamName: string,
    readonly groupName: string,
  ) {
    super(`Maximum subscriptions reached for subscription group ${groupName} on stream ${streamName}.`);
  }
}

/** The group was updated, deleted or restarted under a connected consumer. */
export class SubscriptionDroppedError extends PersistentSubscriptionError {
  readonly code = 'PERSISTENT_SUBSCRIPTION_DROPPED';
  constructor(
    readonly streamName: string,
    readonly groupName: string,
  ) {
    super(`Subscription group ${groupName} on stream ${streamName} was dropped.`);
  }
}

/**
 * Well-formed settings that EventStoreDB refuses (an unknown consumer strategy, a read batch not
 * smaller than the history buffer, a start position past the end of `$all`).
 */
export class SubscriptionGroupFailedError extends PersistentSubscriptionError {
  readonly code = 'PERSISTENT_SUBSCRIPTION_FAILED';
  constructor(
    readonly streamName: string,
    readonly groupName: string,
    readonly reason: string,
  ) {
    super(`Subscription group ${groupName} on stream ${streamName} failed: '${reason}'`);
  }
}

/** A request that no client could have built from valid settings: a missing or malformed field. */
export class MalformedSubscriptionRequestError extends PersistentSubscriptionError {
  readonly code = 'INVALID_ARGUMENT';
  constructor(
    readonly field: string,
    expected: string,
    got: unknown,
  ) {
    super(`${field}: expected ${expected}, got ${typeof got === 'string' ? JSON.stringify(got) : String(got)}`);
  }
}
