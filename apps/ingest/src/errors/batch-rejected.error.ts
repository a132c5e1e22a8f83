import type { EventResult } from '../collect/event-result';
import { IngestError } from './ingest-error';

/** Some calls of a batch were rejected (the others were stored): per-call results tell which. */
export class BatchRejectedError extends IngestError {
  constructor(
    count: number,
    readonly results: readonly EventResult[],
  ) {
    const only = new Set(results.flatMap((r) => (r.status === 'rejected' ? [r.code] : [])));
    const code = only.size === 1 ? [...only][0]! : 'BATCH_REJECTED';
    super(
      code,
      `${count} of ${results.length} calls rejected (not stored); the others were stored, see results`,
      results.flatMap((r) => (r.status === 'rejected' ? r.problems : [])),
    );
    this.name = 'BatchRejectedError';
  }
}
