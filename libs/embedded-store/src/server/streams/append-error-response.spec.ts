import { convertToCommandError, StreamDeletedError, TimeoutError, UnknownError } from '@eventstore/db-client';
import { status } from '@grpc/grpc-js';
import Database from 'better-sqlite3';
import { StorageFullError, StreamDeletedError as StoredStreamDeletedError } from '../../storage';
import { writeFailure } from './append-error-response';

const diskFull = () => new StorageFullError(new Database.SqliteError('database or disk is full', 'SQLITE_FULL'));

describe('the gRPC error of a write that storage refused (Append, Delete, Tombstone)', () => {
  it('answers a full data directory as EventStoreDB answers a commit timeout, which the client retries', () => {
    const error = writeFailure(diskFull());

    expect(error.code).toBe(status.ABORTED);
    expect(error.details).toBe(
      'Operation timed out: the data directory is full (database or disk is full); nothing was written',
    );
    expect(convertToCommandError(error)).toBeInstanceOf(TimeoutError);
  });

  it('answers a tombstoned stream with the trailers of a deleted stream', () => {
    expect(convertToCommandError(writeFailure(new StoredStreamDeletedError('customer-1')))).toBeInstanceOf(
      StreamDeletedError,
    );
  });

  it('answers any other failure as an internal error', () => {
    const error = writeFailure(new Error('disk I/O error'));

    expect(error.code).toBe(status.INTERNAL);
    expect(convertToCommandError(error)).toBeInstanceOf(UnknownError);
  });
});
