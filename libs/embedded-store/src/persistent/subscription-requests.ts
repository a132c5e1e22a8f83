import { CreateReq, ReadReq, ReplayParkedReq, UpdateReq } from '@eventstore/db-client/generated/persistent_pb';
import { type StreamIdentifier } from '@eventstore/db-client/generated/shared_pb';

import { ALL_STREAM, type EventFilter, type EventSource } from './event-source';
import { MalformedSubscriptionRequestError } from './persistent-subscription-errors';
import { type GroupDefinition } from './subscription-config';
import { type NackAction } from './subscription-group';
import { type GroupSettings, type StartFrom, validateGroupSettings } from './settings';

/** What the client sends as the deprecated stream revision for `END`: 2^64-1. */
const UINT64_MAX = '18446744073709551615';
const TICKS_PER_MS = 10_000;

const NAMED_STRATEGIES: Record<number, string> = {
  [CreateReq.ConsumerStrategy.DISPATCHTOSINGLE]: 'DispatchToSingle',
  [CreateReq.ConsumerStrategy.ROUNDROBIN]: 'RoundRobin',
  [CreateReq.ConsumerStrategy.PINNED]: 'Pinned',
};

export const streamNameOf = (identifier: StreamIdentifier | undefined, field: string): string => {
  const raw = identifier?.getStreamName_asU8();
  const name = raw ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8') : '';
  if (name === '') throw new MalformedSubscriptionRequestError(field, 'a stream name', name);
  return name;
};

export const groupNameOf = (name: string): string => {
  if (name === '') throw new MalformedSubscriptionRequestError('options.group_name', 'a group name', name);
  return name;
};

const unsigned = (text: string, field: string): bigint => {
  if (!/^\d+$/.test(text)) throw new MalformedSubscriptionRequestError(field, 'an unsigned integer', text);
  return BigInt(text);
};

const streamStart = (revision: string, field: string): StartFrom => {
  if (revision === UINT64_MAX) return { kind: 'end' };
  const value = unsigned(revision, field);
  return value === 0n ? { kind: 'start' } : { kind: 'position', position: { commit: value, prepare: value } };
};

type AnySettings = CreateReq.Settings | UpdateReq.Settings;
type AnyPosition = CreateReq.Position | UpdateReq.Position;

const settingsOf = (settings: AnySettings | undefined, startFrom: StartFrom): GroupSettings => {
  if (settings === undefined) throw new MalformedSubscriptionRequestError('options.settings', 'settings', undefined);
  const named = 'getConsumerStrategy' in settings ? settings.getConsumerStrategy() : '';
  const ms = (kind: 'MessageTimeout' | 'CheckpointAfter'): number => {
    const hasMs = kind === 'MessageTimeout' ? settings.hasMessageTimeoutMs() : settings.hasCheckpointAfterMs();
    const hasTicks = kind === 'MessageTimeout' ? settings.hasMessageTimeoutTicks() : settings.hasCheckpointAfterTicks();
    if (hasMs) return kind === 'MessageTimeout' ? settings.getMessageTimeoutMs() : settings.getCheckpointAfterMs();
    if (!hasTicks) return 0;
    const ticks = kind === 'MessageTimeout' ? settings.getMessageTimeoutTicks() : settings.getCheckpointAfterTicks();
    return Math.trunc(Number(ticks) / TICKS_PER_MS);
  };
  return validateGroupSettings({
    startFrom,
    resolveLinkTos: settings.getResolveLinks(),
    extraStatistics: settings.getExtraStatistics(),
    messageTimeoutMs: ms('MessageTimeout'),
    maxRetryCount: settings.getMaxRetryCount(),
    checkpointAfterMs: ms('CheckpointAfter'),
    minCheckpointCount: settings.getMinCheckpointCount(),
    maxCheckpointCount: settings.getMaxCheckpointCount(),
    maxSubscriberCount: settings.getMaxSubscriberCount(),
    liveBufferSize: settings.getLiveBufferSize(),
    readBatchSize: settings.getReadBatchSize(),
    historyBufferSize: settings.getHistoryBufferSize(),
    consumerStrategy: named !== '' ? named : (NAMED_STRATEGIES[settings.getNamedConsumerStrategy()] ?? 'unknown'),
  });
};

const allStart = (
  all: Readonly<{
    hasStart(): boolean;
    hasEnd(): boolean;
    hasPosition(): boolean;
    getPosition(): AnyPosition | undefined;
  }>,
): StartFrom => {
  if (all.hasStart()) return { kind: 'start' };
  if (all.hasEnd()) return { kind: 'end' };
  const position = all.getPosition();
  if (!all.hasPosition() || position === undefined) {
    throw new MalformedSubscriptionRequestError('options.all', 'start, end or position', 'none');
  }
  const commit = unsigned(position.getCommitPosition(), 'options.all.position.commit_position');
  const prepare = unsigned(position.getPreparePosition(), 'options.all.position.prepare_position');
  return commit === 0n && prepare === 0n ? { kind: 'start' } : { kind: 'position', position: { commit, prepare } };
};

const filterOf = (options: CreateReq.AllOptions): EventFilter | undefined => {
  if (!options.hasFilter()) return undefined;
  const filter = options.getFilter()!;
  const on = filter.hasStreamIdentifier() ? 'streamName' : filter.hasEventType() ? 'eventType' : undefined;
  const expression = filter.getStreamIdentifier() ?? filter.getEventType();
  if (on === undefined || expression === undefined) {
    throw new MalformedSubscriptionRequestError('options.all.filter', 'a stream or event type expression', 'none');
  }
  const regex = expression.getRegex();
  if (regex !== '') {
    try {
      new RegExp(regex);
    } catch {
      throw new MalformedSubscriptionRequestError('options.all.filter.regex', 'a regular expression', regex);
    }
  }
  return { on, prefixes: expression.getPrefixList(), regex: regex === '' ? undefined : regex };
};

/** A Create or Update request as a group definition (Update carries no filter: the group keeps its own). */
export const definitionOf = (request: CreateReq | UpdateReq): GroupDefinition => {
  const options = request.getOptions();
  if (options === undefined) throw new MalformedSubscriptionRequestError('options', 'options', undefined);
  const groupName = groupNameOf(options.getGroupName());
  const settings = options.getSettings();
  if (options.hasAll()) {
    const all = options.getAll()!;
    const filter = all instanceof CreateReq.AllOptions ? filterOf(all) : undefined;
    const source: EventSource = { kind: 'all', filter };
    return { source, groupName, settings: settingsOf(settings, allStart(all)) };
  }
  if (options.hasStream()) {
    const stream = options.getStream()!;
    const streamId = streamNameOf(stream.getStreamIdentifier(), 'options.stream.stream_identifier');
    const start: StartFrom = stream.hasStart()
      ? { kind: 'start' }
      : stream.hasEnd()
        ? { kind: 'end' }
        : streamStart(stream.getRevision(), 'options.stream.revision');
    return { source: streamSource(streamId), groupName, settings: settingsOf(settings, start) };
  }
  // The form 6.x clients still send: the identifier beside the settings, the start as a revision.
  const streamId = streamNameOf(options.getStreamIdentifier(), 'options.stream_identifier');
  const start = streamStart(settings?.getRevision() || '0', 'options.settings.revision');
  return { source: streamSource(streamId), groupName, settings: settingsOf(settings, start) };
};

const streamSource = (streamId: string): EventSource => {
  if (streamId === ALL_STREAM) {
    throw new MalformedSubscriptionRequestError('options.stream_identifier', 'a stream other than $all', streamId);
  }
  return { kind: 'stream', streamId };
};

/** The source named by the `stream_identifier`/`all` choice that most requests carry. */
export const sourceNameOf = (
  options: Readonly<{ hasAll(): boolean; getStreamIdentifier(): StreamIdentifier | undefined }>,
): string => (options.hasAll() ? ALL_STREAM : streamNameOf(options.getStreamIdentifier(), 'options.stream_identifier'));

export type ReadOptions = Readonly<{
  streamName: string;
  groupName: string;
  bufferSize: number;
  structuredIds: boolean;
}>;

export const readOptionsOf = (request: ReadReq): ReadOptions => {
  const options = request.getOptions();
  if (options === undefined) throw new MalformedSubscriptionRequestError('options', 'options first', 'none');
  const bufferSize = options.getBufferSize();
  if (!Number.isInteger(bufferSize) || bufferSize <= 0) {
    throw new MalformedSubscriptionRequestError('options.buffer_size', 'at least 1', bufferSize);
  }
  return {
    streamName: sourceNameOf(options),
    groupName: groupNameOf(options.getGroupName()),
    bufferSize,
    structuredIds: options.getUuidOption()?.hasStructured() ?? false,
  };
};

export const nackActionOf = (action: ReadReq.Nack.Action): NackAction => {
  switch (action) {
    case ReadReq.Nack.Action.UNKNOWN:
      return 'unknown';
    case ReadReq.Nack.Action.PARK:
      return 'park';
    case ReadReq.Nack.Action.RETRY:
      return 'retry';
    case ReadReq.Nack.Action.SKIP:
      return 'skip';
    case ReadReq.Nack.Action.STOP:
      return 'stop';
    default:
      throw new MalformedSubscriptionRequestError('nack.action', 'park, retry, skip, stop or unknown', action);
  }
};

/** `stopAt` of a ReplayParked request: a parked-stream revision to stop before, or no limit. */
export const stopAtOf = (options: ReplayParkedReq.Options): number | undefined => {
  if (!options.hasStopAt()) return undefined;
  const value = unsigned(options.getStopAt(), 'options.stop_at');
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(value);
};
