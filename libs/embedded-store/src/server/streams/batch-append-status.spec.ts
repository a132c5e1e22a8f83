import { DeadlineExceededError, UnknownError } from '@eventstore/db-client';
import { unpackToCommandError } from '@eventstore/db-client/dist/streams/appendToStream/unpackError';
import { Code } from '@eventstore/db-client/generated/code_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import Database from 'better-sqlite3';
import { StorageFullError } from '../../storage';
import { storageFailure } from './batch-append-status';

/** A status as the client receives it: serialized and read back. */
const onTheWire = (status: Status): Status => Status.deserializeBinary(status.serializeBinary());

const diskFull = () => new StorageFullError(new Database.SqliteError('database or disk is full', 'SQLITE_FULL'));

describe('the status of a batch append that storage refused', () => {
  it('answers a full data directory as EventStoreDB answers a commit timeout, which the client retries', () => {
    const status = onTheWire(storageFailure('customer-1', diskFull()));

    expect(status.getCode()).toBe(Code.DEADLINE_EXCEEDED);
    expect(status.getDetails()?.getTypeName()).toBe('event_store.client.Timeout');
    expect(unpackToCommandError(status, 'customer-1')).toBeInstanceOf(DeadlineExceededError);
  });

  it('answers any other failure as an internal error, which the client cannot tell from a defect', () => {
    const status = onTheWire(storageFailure('customer-1', new Error('disk I/O error')));

    expect(status.getCode()).toBe(Code.INTERNAL);
    expect(status.getMessage()).toBe('disk I/O error');
    expect(unpackToCommandError(status, 'customer-1')).toBeInstanceOf(UnknownError);
  });
});
