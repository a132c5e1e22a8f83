import type { RecordedEvent } from '@eventstore/db-client';
import type { RecordedInput } from '@heed/actors';

/** A stored input event as the actor runtime's pure functions take it. */
export const recordedInput = (event: RecordedEvent): RecordedInput => ({
  id: event.id,
  type: event.type,
  revision: event.revision,
  data: event.data,
  metadata: event.metadata,
});
