/** Events of a visitor not yet identified: `anonymous-<anonymousId>`. */
export function anonymousStream(anonymousId: string): string {
  return `anonymous-${anonymousId}`;
}

/** The link of an anonymous id to its customer, one `AnonymousIdLinked` event: `alias-<anonymousId>`. */
export function aliasStream(anonymousId: string): string {
  return `alias-${anonymousId}`;
}

export const ANONYMOUS_ID_LINKED_TYPE = 'AnonymousIdLinked';
