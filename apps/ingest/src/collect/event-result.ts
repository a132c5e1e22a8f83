import type { IngestErrorCode, Problem } from '../errors/ingest-error';

/** What became of one event of a request; a batch answers one per item, in order. */
export type EventResult =
  | {
      readonly index: number;
      readonly messageId: string;
      readonly eventId: string;
      readonly status: 'accepted' | 'duplicate';
    }
  | {
      readonly index: number;
      readonly messageId?: string;
      readonly status: 'rejected';
      readonly code: IngestErrorCode;
      readonly message: string;
      readonly problems: readonly Problem[];
    };
