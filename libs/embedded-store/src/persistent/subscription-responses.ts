import { ReadResp, SubscriptionInfo } from '@eventstore/db-client/generated/persistent_pb';

import { streamIdentifier, uuidMessage } from '../server/wire-format';
import { startFromText } from './subscription-config';
import { type GroupMessage } from './group-message';
import { originalRecord, type StoredRecord } from './stored-record';
import { type SubscriptionGroup } from './subscription-group';

const recordedEvent = (
  record: StoredRecord,
  original: StoredRecord,
  structuredIds: boolean,
): ReadResp.ReadEvent.RecordedEvent => {
  // As on EventStoreDB, both records carry the position of the record the group met (the link's).
  const message = new ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(record.id, structuredIds))
    .setStreamIdentifier(streamIdentifier(record.streamId))
    .setStreamRevision(record.revision.toString())
    .setPreparePosition(original.position.prepare.toString())
    .setCommitPosition(original.position.commit.toString())
    .setData(record.data)
    .setCustomMetadata(record.metadata);
  const metadata = message.getMetadataMap();
  metadata.set('type', record.type);
  metadata.set('content-type', record.isJson ? 'application/json' : 'application/octet-stream');
  metadata.set('created', record.created.toString());
  return message;
};

/** A message as the `Read` stream sends it, with its retry count. */
export const eventResponse = (message: GroupMessage, structuredIds: boolean): ReadResp => {
  const original = originalRecord(message.record);
  const readEvent = new ReadResp.ReadEvent()
    .setCommitPosition(original.position.commit.toString())
    .setRetryCount(message.retryCount);
  if (message.record.event) readEvent.setEvent(recordedEvent(message.record.event, original, structuredIds));
  if (message.record.link) readEvent.setLink(recordedEvent(message.record.link, original, structuredIds));
  return new ReadResp().setEvent(readEvent);
};

export const confirmationResponse = (subscriptionId: string): ReadResp =>
  new ReadResp().setSubscriptionConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId));

/** A group's settings and statistics as `GetInfo` and `List` answer them. */
export const subscriptionInfo = (group: SubscriptionGroup): SubscriptionInfo => {
  const stats = group.statistics();
  const s = group.settings;
  const connections = stats.consumers.map((c) =>
    new SubscriptionInfo.ConnectionInfo()
      .setFrom(c.from)
      .setUsername('$system')
      .setAverageItemsPerSecond(0)
      .setTotalItems(String(c.totalItems))
      .setCountSinceLastMeasurement('0')
      .setAvailableSlots(c.availableSlots)
      .setInFlightMessages(c.inFlight)
      .setConnectionName(c.name)
      .setObservedMeasurementsList(
        c.measurements.map((m) => new SubscriptionInfo.Measurement().setKey(m.key).setValue(String(m.value))),
      ),
  );
  return new SubscriptionInfo()
    .setEventSource(group.source.kind === 'all' ? '$all' : group.source.streamId)
    .setGroupName(group.groupName)
    .setStatus(stats.status)
    .setConnectionsList(connections)
    .setAveragePerSecond(0)
    .setTotalItems(String(stats.totalItems))
    .setCountSinceLastMeasurement('0')
    .setLastCheckpointedEventPosition(stats.lastCheckpoint ?? '')
    .setLastKnownEventPosition(stats.lastKnownPosition ?? '')
    .setResolveLinkTos(s.resolveLinkTos)
    .setStartFrom(startFromText(group.source, s.startFrom))
    .setMessageTimeoutMilliseconds(s.messageTimeoutMs)
    .setExtraStatistics(s.extraStatistics)
    .setMaxRetryCount(s.maxRetryCount)
    .setLiveBufferSize(s.liveBufferSize)
    .setBufferSize(s.historyBufferSize)
    .setReadBatchSize(s.readBatchSize)
    .setCheckPointAfterMilliseconds(s.checkpointAfterMs)
    .setMinCheckPointCount(s.minCheckpointCount)
    .setMaxCheckPointCount(s.maxCheckpointCount)
    .setReadBufferCount(stats.readBufferCount)
    .setLiveBufferCount('0')
    .setRetryBufferCount(stats.retryBufferCount)
    .setTotalInFlightMessages(stats.inFlightCount)
    .setOutstandingMessagesCount(stats.inFlightCount)
    .setNamedConsumerStrategy(s.consumerStrategy)
    .setMaxSubscriberCount(s.maxSubscriberCount)
    .setParkedMessageCount(String(stats.parkedMessageCount));
};
