/** The checkpoint settings of a group (EventStoreDB's `checkPointAfter`, lower and upper bound). */
export type CheckpointSettings = Readonly<{
  checkpointAfterMs: number;
  minCheckpointCount: number;
  maxCheckpointCount: number;
}>;

export type CheckpointState = Readonly<{
  /** Sequence number up to which every message is done (acked, skipped or parked). */
  doneThrough: number;
  /** Sequence number of the last checkpoint written (or loaded), -1 before any. */
  lastCheckpointed: number;
  /** Clock time of the last checkpoint written, `-Infinity` before any. */
  lastCheckpointAt: number;
  now: number;
  /** True on the periodic clock check, false right after an ack or nack. */
  timeCheck: boolean;
}>;

/**
 * Whether to write a checkpoint now, as EventStoreDB decides it: never more often than
 * `checkpointAfterMs` unless `maxCheckpointCount` messages are done since the last one; on the
 * clock check when at least `minCheckpointCount` are; at once when `maxCheckpointCount` are.
 * `checkpointAfterMs` 0 means no time-based checkpoints. A checkpoint that would not move is never
 * written.
 */
export const shouldCheckpoint = (settings: CheckpointSettings, state: CheckpointState): boolean => {
  const done = state.doneThrough - state.lastCheckpointed;
  if (done <= 0) return false;
  if (done >= settings.maxCheckpointCount) return true;
  if (settings.checkpointAfterMs === 0) return false;
  if (state.now - state.lastCheckpointAt < settings.checkpointAfterMs) return false;
  return state.timeCheck && done >= settings.minCheckpointCount;
};
