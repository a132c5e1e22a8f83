import {
  CancelledError,
  DeadlineExceededError,
  StreamDeletedError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { Metadata } from '@grpc/grpc-js';
import { isStoreUnavailable } from './store-unavailable';

const grpc = (code: number, details: string) =>
  Object.assign(new Error(details), { code, details, metadata: new Metadata() });

describe('isStoreUnavailable', () => {
  it.each([
    ['a batch append the store could not commit (full disk, commit timeout)', new DeadlineExceededError()],
    [
      'a unary append the store could not commit',
      new TimeoutError(grpc(10, 'Operation timed out: the data directory is full')),
    ],
    ['a store that cannot be reached', new UnavailableError(grpc(14, 'No connection established'))],
    ['a call the store cancelled as it stopped', new CancelledError(grpc(1, 'Cancelled on server'))],
    ['a gRPC failure the client left unclassified', grpc(14, 'read ECONNRESET')],
    ['one wrapped as the cause of another error', new Error('append failed', { cause: new DeadlineExceededError() })],
  ])('holds for %s', (_, error) => expect(isStoreUnavailable(error)).toBe(true));

  it.each([
    ['a defect of the handler', new RangeError('churn score is not finite')],
    ['a stream that can never be written', StreamDeletedError.fromStreamName('lifecycle-1')],
    [
      'a lost race for the output stream',
      new WrongExpectedVersionError(undefined as never, { streamName: 'lifecycle-1', expected: 3n, current: 4n }),
    ],
    ['a failure the store could not name', new UnknownError(grpc(13, 'database disk image is malformed'))],
    ["Nest's answer for an unknown error", { status: 'error', message: 'Internal server error' }],
    ['nothing', undefined],
  ])('does not hold for %s', (_, error) => expect(isStoreUnavailable(error)).toBe(false));
});
