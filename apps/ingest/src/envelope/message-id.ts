import { randomUUID } from 'node:crypto';

/** Prefix of the message ids ingest generates, so that they are told from a producer's at a glance. */
export const GENERATED_MESSAGE_ID_PREFIX = 'ingest-';

/**
 * A message id for a call that came without one, as the Segment API generates one. It is random:
 * a retry of such a call gets another id and is stored again, because nothing tells it from a new
 * call. Producers that retry send their own `messageId` (every Segment and RudderStack SDK does).
 */
export function newMessageId(): string {
  return `${GENERATED_MESSAGE_ID_PREFIX}${randomUUID()}`;
}
