/** Events of a visitor not yet identified: `anonymous-<anonymousId>`. */
export function anonymousStream(anonymousId: string): string {
  return `anonymous-${anonymousId}`;
}

// The link is read by the engine too: its stream name lives with the other shared ones.
export { aliasStream, ANONYMOUS_ID_LINKED_TYPE } from '@heed/event-store';
