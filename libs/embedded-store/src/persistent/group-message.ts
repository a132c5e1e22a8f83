import { type SourcePosition } from './event-source';
import { type ResolvedRecord } from './stored-record';

/**
 * One message of a group, from the moment it is read until it is acknowledged, skipped or parked.
 *
 * `sequence` numbers the messages read from the source in order; the checkpoint is derived from the
 * lowest sequence not yet done. Parked messages being replayed have no sequence: they come from the
 * parked stream, not from the source, and never hold the checkpoint back.
 */
export type GroupMessage = Readonly<{
  /** The id the client acknowledges: the link's id when the event came through a link. */
  id: string;
  record: ResolvedRecord;
  sequence: number | undefined;
  /** The message's position in the source; undefined for replayed parked messages. */
  position: SourcePosition | undefined;
  /** The position of the message read before this one (or the loaded checkpoint), for checkpoints. */
  previousPosition: SourcePosition | undefined;
  retryCount: number;
  /** What the `Pinned` strategies hash: the event's original stream, or its correlation id. */
  pinKey: string;
}>;

export const retried = (message: GroupMessage): GroupMessage => ({ ...message, retryCount: message.retryCount + 1 });
