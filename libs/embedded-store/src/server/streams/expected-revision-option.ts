import type { ExpectedRevision } from '../../storage';
import { InvalidRequestError } from '../invalid-request';
import { uint64 } from '../wire-format';

/**
 * The expected revision of a write request. Append, BatchAppend, Delete and Tombstone options all
 * number their `oneof` cases alike: 2 exact revision, 3 no stream, 4 any, 5 stream exists.
 */
export function expectedRevisionOf(optionCase: number, revision: () => string): ExpectedRevision {
  switch (optionCase) {
    case 2:
      return uint64(revision(), 'expected revision');
    case 3:
      return 'no_stream';
    case 4:
      return 'any';
    case 5:
      return 'stream_exists';
    default:
      throw new InvalidRequestError('options: an expected stream revision is required');
  }
}
