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

/**
 * The data directory has no room left for a write (SQLite's `SQLITE_FULL`, "database or disk is
 * full"). The transaction was rolled back: nothing of the write is stored, and the same write may
 * succeed once space returns.
 */
export class StorageFullError extends Error {
  readonly code = 'STORAGE_FULL';
  constructor(cause: unknown) {
    super(`the data directory is full (${messageOf(cause)}); nothing was written`, { cause });
    this.name = 'StorageFullError';
  }
}

/** An error's message; not by `instanceof Error`, which the native module's errors may fail in another realm. */
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

/** Whether SQLite failed a statement for lack of space (`SQLITE_FULL`). */
export function isDiskFull(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'SQLITE_FULL';
}
