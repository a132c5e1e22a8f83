import type { ExpectedRevision } from './expected-revision';

/** A write's expected revision did not match the stream's current revision. Nothing was written. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    /** The stream's last revision, or `no_stream` when it has none (or was soft-deleted). */
    readonly current: number | 'no_stream',
  ) {
    super(`${streamName}: expected revision ${String(expected)}, current revision is ${String(current)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** The stream was hard-deleted (tombstoned): it can never be written or read again. */
export class StreamDeletedError extends Error {
  readonly code = 'STREAM_DELETED';
  constructor(readonly streamName: string) {
    super(`${streamName}: the stream is deleted (tombstoned)`);
    this.name = 'StreamDeletedError';
  }
}

/** The storage was closed while the write waited for its commit. */
export class StorageClosedError extends Error {
  readonly code = 'STORAGE_CLOSED';
  constructor() {
    super('the event storage is closed');
    this.name = 'StorageClosedError';
  }
}
