import { randomUUID } from 'node:crypto';

import { type NewRecord } from './persistent-store';
import { type StoredRecord } from './stored-record';

/**
 * The streams in which a group keeps its state, named as EventStoreDB names them so that tools
 * that read them there read them here: `$persistentsubscription-<stream>::<group>-checkpoint` and
 * `…-parked`, and `$persistentSubscriptionConfig` for the definitions of all groups.
 */
export const subscriptionIdOf = (sourceName: string, groupName: string): string => `${sourceName}::${groupName}`;
export const checkpointStreamOf = (subscriptionId: string): string =>
  `$persistentsubscription-${subscriptionId}-checkpoint`;
export const parkedStreamOf = (subscriptionId: string): string => `$persistentsubscription-${subscriptionId}-parked`;
export const metastreamOf = (streamId: string): string => `$$${streamId}`;
export const CONFIG_STREAM = '$persistentSubscriptionConfig';
export const CONFIG_EVENT_TYPE = '$PersistentConfig';
export const CHECKPOINT_EVENT_TYPE = '$SubscriptionCheckpoint';
export const METADATA_EVENT_TYPE = '$metadata';

const json = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value), 'utf8');
const EMPTY = new Uint8Array(0);

/** A checkpoint event: its data is the position's text as a JSON string, as on EventStoreDB. */
export const checkpointRecord = (positionText: string): NewRecord => ({
  id: randomUUID(),
  type: CHECKPOINT_EVENT_TYPE,
  isJson: true,
  data: json(positionText),
  metadata: EMPTY,
});

/** The position text of a checkpoint event, or undefined when the event is not one. */
export const checkpointText = (record: StoredRecord): string | undefined => {
  if (record.type !== CHECKPOINT_EVENT_TYPE && record.type !== 'SubscriptionCheckpoint') return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(record.data).toString('utf8'));
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
};

/** Stream metadata (`$maxCount`, `$tb`) for a metastream. */
export const streamMetadataRecord = (metadata: Readonly<{ $maxCount?: number; $tb?: number }>): NewRecord => ({
  id: randomUUID(),
  type: METADATA_EVENT_TYPE,
  isJson: true,
  data: json(metadata),
  metadata: EMPTY,
});

/** The `$tb` (truncate before) of a metastream's last event, 0 when absent. */
export const truncateBeforeOf = (record: StoredRecord | undefined): number => {
  if (record === undefined) return 0;
  try {
    const value = JSON.parse(Buffer.from(record.data).toString('utf8')) as { $tb?: unknown };
    return typeof value.$tb === 'number' && Number.isSafeInteger(value.$tb) && value.$tb > 0 ? value.$tb : 0;
  } catch {
    return 0;
  }
};

/**
 * The link written to the parked stream: `<revision>@<stream>` of the event (the link target when
 * the group resolves links), with the reason and time in its metadata, as EventStoreDB writes it.
 */
export const parkedLinkRecord = (
  target: Readonly<{ streamId: string; revision: bigint }> | Readonly<{ linkData: Uint8Array }>,
  reason: string,
  subscriptionEventNumber: bigint,
  added: Date,
): NewRecord => ({
  id: randomUUID(),
  type: '$>',
  isJson: false,
  data: 'linkData' in target ? target.linkData : Buffer.from(`${target.revision}@${target.streamId}`, 'utf8'),
  metadata: json({ added: added.toISOString(), reason, subscriptionEventNumber: Number(subscriptionEventNumber) }),
});
