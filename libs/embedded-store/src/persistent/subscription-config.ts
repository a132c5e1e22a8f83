import { randomUUID } from 'node:crypto';

import { ALL_STREAM, type EventFilter, type EventSource, formatPosition, parsePosition } from './event-source';
import { type PersistentStore } from './persistent-store';
import { type GroupSettings, type StartFrom } from './settings';
import { CONFIG_EVENT_TYPE, CONFIG_STREAM, metastreamOf, streamMetadataRecord } from './subscription-streams';

/** A group's definition as EventStoreDB keeps it in `$persistentSubscriptionConfig` (camelCase JSON). */
export type ConfigEntry = {
  stream: string;
  group: string;
  filter: { context: 'StreamId' | 'EventType'; type: 'prefix' | 'regex'; data: string; isAllStream: boolean } | null;
  resolveLinkTos: boolean;
  extraStatistics: boolean;
  messageTimeout: number;
  startFrom: number;
  startPosition: string;
  liveBufferSize: number;
  historyBufferSize: number;
  maxRetryCount: number;
  readBatchSize: number;
  preferRoundRobin: boolean;
  checkPointAfter: number;
  minCheckPointCount: number;
  maxCheckPointCount: number;
  maxSubscriberCount: number;
  namedConsumerStrategy: string;
};

export type SubscriptionConfig = { version: string; updated: string; updatedBy: string; entries: ConfigEntry[] };

export type GroupDefinition = Readonly<{ source: EventSource; groupName: string; settings: GroupSettings }>;

/** `startFrom` as text, in the forms the client reads back from `GetInfo` (`0`/`-1`, `C:0/P:0`/`C:-1/P:-1`). */
export const startFromText = (source: EventSource, start: StartFrom): string => {
  const all = source.kind === 'all';
  switch (start.kind) {
    case 'start':
      return all ? 'C:0/P:0' : '0';
    case 'end':
      return all ? 'C:-1/P:-1' : '-1';
    case 'position':
      return formatPosition(source, start.position);
    default: {
      const _never: never = start;
      throw new TypeError(`unknown start ${String(_never)}`);
    }
  }
};

const startFromOf = (source: EventSource, text: string): StartFrom | undefined => {
  if (text === '0' || text === 'C:0/P:0') return { kind: 'start' };
  if (text === '-1' || text === 'C:-1/P:-1') return { kind: 'end' };
  const position = parsePosition(source, text);
  return position && { kind: 'position', position };
};

export const toConfigEntry = ({ source, groupName, settings }: GroupDefinition): ConfigEntry => {
  const filter = source.kind === 'all' ? source.filter : undefined;
  const startPosition = startFromText(source, settings.startFrom);
  return {
    stream: source.kind === 'all' ? ALL_STREAM : source.streamId,
    group: groupName,
    filter: filter
      ? {
          context: filter.on === 'streamName' ? 'StreamId' : 'EventType',
          type: filter.regex ? 'regex' : 'prefix',
          data: filter.regex ? filter.regex : filter.prefixes.join(','),
          isAllStream: true,
        }
      : null,
    resolveLinkTos: settings.resolveLinkTos,
    extraStatistics: settings.extraStatistics,
    messageTimeout: settings.messageTimeoutMs,
    startFrom: source.kind === 'stream' ? Number(startPosition) : Number.MIN_SAFE_INTEGER,
    startPosition,
    liveBufferSize: settings.liveBufferSize,
    historyBufferSize: settings.historyBufferSize,
    maxRetryCount: settings.maxRetryCount,
    readBatchSize: settings.readBatchSize,
    preferRoundRobin: settings.consumerStrategy === 'RoundRobin',
    checkPointAfter: settings.checkpointAfterMs,
    minCheckPointCount: settings.minCheckpointCount,
    maxCheckPointCount: settings.maxCheckpointCount,
    maxSubscriberCount: settings.maxSubscriberCount,
    namedConsumerStrategy: settings.consumerStrategy,
  };
};

/** A definition back from its entry; undefined for an entry this store cannot run. */
export const fromConfigEntry = (entry: ConfigEntry): GroupDefinition | undefined => {
  let filter: EventFilter | undefined;
  if (entry.filter) {
    const on = entry.filter.context === 'StreamId' ? 'streamName' : 'eventType';
    filter =
      entry.filter.type === 'regex'
        ? { on, prefixes: [], regex: entry.filter.data }
        : { on, prefixes: entry.filter.data.split(','), regex: undefined };
  }
  const source: EventSource =
    entry.stream === ALL_STREAM ? { kind: 'all', filter } : { kind: 'stream', streamId: entry.stream };
  const startFrom = startFromOf(source, entry.startPosition ?? String(entry.startFrom));
  if (startFrom === undefined) return undefined;
  return {
    source,
    groupName: entry.group,
    settings: {
      startFrom,
      resolveLinkTos: entry.resolveLinkTos,
      extraStatistics: entry.extraStatistics,
      messageTimeoutMs: entry.messageTimeout,
      maxRetryCount: entry.maxRetryCount,
      checkpointAfterMs: entry.checkPointAfter,
      minCheckpointCount: entry.minCheckPointCount,
      maxCheckpointCount: entry.maxCheckPointCount,
      maxSubscriberCount: entry.maxSubscriberCount,
      liveBufferSize: entry.liveBufferSize,
      readBatchSize: entry.readBatchSize,
      historyBufferSize: entry.historyBufferSize,
      consumerStrategy: entry.namedConsumerStrategy,
    },
  };
};

/** The group definitions saved last, or none. */
export const loadDefinitions = async (store: PersistentStore): Promise<GroupDefinition[]> => {
  const last = await store.lastRecord(CONFIG_STREAM);
  if (last === undefined) return [];
  const config = JSON.parse(Buffer.from(last.data).toString('utf8')) as Partial<SubscriptionConfig>;
  return (config.entries ?? []).flatMap((entry) => fromConfigEntry(entry) ?? []);
};

/** Saves every group's definition as one configuration event; the stream keeps the last two. */
export const saveDefinitions = async (
  store: PersistentStore,
  definitions: readonly GroupDefinition[],
  updated: Date,
): Promise<void> => {
  if ((await store.lastRecord(metastreamOf(CONFIG_STREAM))) === undefined) {
    await store.append(metastreamOf(CONFIG_STREAM), [streamMetadataRecord({ $maxCount: 2 })]);
  }
  const config: SubscriptionConfig = {
    version: '2',
    updated: updated.toISOString(),
    updatedBy: '$system',
    entries: definitions.map(toConfigEntry),
  };
  await store.append(CONFIG_STREAM, [
    {
      id: randomUUID(),
      type: CONFIG_EVENT_TYPE,
      isJson: true,
      data: Buffer.from(JSON.stringify(config), 'utf8'),
      metadata: new Uint8Array(0),
    },
  ]);
};
