import { randomUUID } from 'node:crypto';
import type { ProposedEvent } from './recorded-event';
import { METADATA_EVENT_TYPE } from './recorded-event';
import { metastreamOf } from './stream-metadata';

/** The system stream in which EventStoreDB records each epoch (a node taking the lead). */
export const EPOCH_INFORMATION_STREAM = '$epoch-information';

/** EventStoreDB's stream of scavenge history, whose metadata a new node sets. */
const SCAVENGES_STREAM = '$scavenges';

/** How long EventStoreDB keeps scavenge history by default (30 days), in seconds. */
const SCAVENGE_HISTORY_MAX_AGE = 30 * 24 * 60 * 60;

/**
 * The system events a new log begins with, as EventStoreDB's, so that `$all` is never empty and
 * its last position is always a real one: the `$epoch-information` of the first epoch (EventStoreDB
 * writes one whenever a node takes the lead; the store, a single node and always the leader,
 * writes it when it creates its log) and the metadata of `$scavenges` (history kept 30 days,
 * readable by `$ops`). Each is appended to its own stream with `no_stream`.
 */
export function firstSystemEvents(now: Date): ReadonlyArray<{ stream: string; event: ProposedEvent }> {
  const epoch = {
    epochPosition: 0,
    epochNumber: 0,
    epochId: randomUUID(),
    prevEpochPosition: -1,
    timeStamp: now.toISOString(),
    leaderInstanceId: randomUUID(),
  };
  const scavengesMetadata = {
    $maxAge: SCAVENGE_HISTORY_MAX_AGE,
    $acl: { $r: ['$ops'], $w: [], $d: [], $mr: [], $mw: [] },
  };
  return [
    { stream: EPOCH_INFORMATION_STREAM, event: json(EPOCH_INFORMATION_STREAM, epoch) },
    { stream: metastreamOf(SCAVENGES_STREAM), event: json(METADATA_EVENT_TYPE, scavengesMetadata) },
  ];
}

function json(type: string, data: unknown): ProposedEvent {
  return {
    id: randomUUID(),
    type,
    contentType: 'application/json',
    data: Buffer.from(JSON.stringify(data), 'utf8'),
    metadata: new Uint8Array(0),
  };
}
