import { type SourcePosition } from './event-source';
import { MalformedSubscriptionRequestError } from './persistent-subscription-errors';

/** The consumer strategies a group may name (EventStoreDB's system strategies). */
export const CONSUMER_STRATEGIES = ['RoundRobin', 'DispatchToSingle', 'Pinned', 'PinnedByCorrelation'] as const;
export type ConsumerStrategyName = (typeof CONSUMER_STRATEGIES)[number];

export const isConsumerStrategyName = (name: string): name is ConsumerStrategyName =>
  (CONSUMER_STRATEGIES as readonly string[]).includes(name);

/** Where a group without a checkpoint starts: inclusive, as on EventStoreDB. */
export type StartFrom =
  Readonly<{ kind: 'start' }> | Readonly<{ kind: 'end' }> | Readonly<{ kind: 'position'; position: SourcePosition }>;

/**
 * The settings of one group, in the units the client sends them (milliseconds, counts).
 * `consumerStrategy` is kept as sent so that an unknown name is reported rather than replaced.
 */
export type GroupSettings = Readonly<{
  startFrom: StartFrom;
  resolveLinkTos: boolean;
  /** Accepted and reported back; the store keeps no per-message timing statistics. */
  extraStatistics: boolean;
  /** 0: messages never time out. */
  messageTimeoutMs: number;
  maxRetryCount: number;
  /** 0: never checkpoint on time alone, only when `maxCheckpointCount` messages are done. */
  checkpointAfterMs: number;
  minCheckpointCount: number;
  maxCheckpointCount: number;
  /** 0: unbounded. */
  maxSubscriberCount: number;
  liveBufferSize: number;
  readBatchSize: number;
  historyBufferSize: number;
  consumerStrategy: string;
}>;

/** The client's own defaults (`persistentSubscriptionToStreamSettingsFromDefaults`), for tests and docs. */
export const DEFAULT_GROUP_SETTINGS: GroupSettings = {
  startFrom: { kind: 'end' },
  resolveLinkTos: false,
  extraStatistics: false,
  messageTimeoutMs: 30_000,
  maxRetryCount: 10,
  checkpointAfterMs: 2_000,
  minCheckpointCount: 10,
  maxCheckpointCount: 1_000,
  maxSubscriberCount: 0,
  liveBufferSize: 500,
  readBatchSize: 20,
  historyBufferSize: 500,
  consumerStrategy: 'RoundRobin',
};

const INT32_MAX = 2 ** 31 - 1;

const nonNegativeInteger = (field: string, value: number): number => {
  if (!Number.isInteger(value) || value < 0 || value > INT32_MAX) {
    throw new MalformedSubscriptionRequestError(field, 'an integer from 0 to 2^31-1', value);
  }
  return value;
};

const positiveInteger = (field: string, value: number): number => {
  if (nonNegativeInteger(field, value) === 0) throw new MalformedSubscriptionRequestError(field, 'at least 1', value);
  return value;
};

/**
 * Checks the numbers of a settings message for shape (the client never sends negative counts or
 * empty buffers) and returns them unchanged; semantic checks that EventStoreDB reports as a failed
 * operation live in `refusalOf`.
 */
export const validateGroupSettings = (settings: GroupSettings): GroupSettings => {
  nonNegativeInteger('settings.messageTimeoutMs', settings.messageTimeoutMs);
  nonNegativeInteger('settings.maxRetryCount', settings.maxRetryCount);
  nonNegativeInteger('settings.checkpointAfterMs', settings.checkpointAfterMs);
  nonNegativeInteger('settings.minCheckpointCount', settings.minCheckpointCount);
  positiveInteger('settings.maxCheckpointCount', settings.maxCheckpointCount);
  nonNegativeInteger('settings.maxSubscriberCount', settings.maxSubscriberCount);
  positiveInteger('settings.liveBufferSize', settings.liveBufferSize);
  positiveInteger('settings.readBatchSize', settings.readBatchSize);
  positiveInteger('settings.historyBufferSize', settings.historyBufferSize);
  if (settings.startFrom.kind === 'position') {
    const { commit, prepare } = settings.startFrom.position;
    if (commit < 0n || prepare < 0n) {
      throw new MalformedSubscriptionRequestError('startFrom', 'a position of at least 0', `${commit}/${prepare}`);
    }
  }
  return settings;
};

/**
 * Why EventStoreDB would refuse well-formed settings, or undefined when it would accept them.
 * `lastPosition` is the end of the source, to refuse a `$all` start position past it.
 */
export const refusalOf = (settings: GroupSettings, lastCommitPosition: bigint | undefined): string | undefined => {
  if (!isConsumerStrategyName(settings.consumerStrategy)) {
    return `Consumer strategy ${settings.consumerStrategy} does not exist.`;
  }
  if (settings.readBatchSize >= settings.historyBufferSize) {
    return 'ReadBatchSize may not be greater than or equal to BufferSize';
  }
  if (settings.startFrom.kind === 'position' && lastCommitPosition !== undefined) {
    const { commit, prepare } = settings.startFrom.position;
    if (prepare > commit) {
      return 'Invalid Start From position: prepare position must be less than or equal to the commit position.';
    }
    if (commit > lastCommitPosition) {
      return 'Invalid Start From position: commit position must be less than or equal to the last commit position in the transaction file.';
    }
  }
  return undefined;
};
