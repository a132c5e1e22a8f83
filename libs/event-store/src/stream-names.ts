/**
 * Stream names are Heed's public contract (docs/streams.md). A category is the part of a stream
 * name before the first `-`, as EventStoreDB's `$ce-` projection reads it, so a customer id may
 * contain `-` without changing the category.
 */
export const CUSTOMER_CATEGORY = 'customer';

/** Customer ids: what ingest accepts and what every stream name may safely hold. */
export const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}$/;

/** The stream of a customer's signals (the actor's input): `customer-<id>`. */
export function customerStream(customerId: string): string {
  return `${CUSTOMER_CATEGORY}-${customerId}`;
}

/** The customer id of a `customer-<id>` stream, or undefined for any other stream. */
export function customerIdOf(stream: string): string | undefined {
  const prefix = `${CUSTOMER_CATEGORY}-`;
  return stream.startsWith(prefix) && stream.length > prefix.length ? stream.slice(prefix.length) : undefined;
}

/**
 * The link of an anonymous id to its customer (docs/identity.md): `alias-<anonymousId>`, whose
 * first `AnonymousIdLinked { anonymousId, customerId }` event is the link. Written by ingest, read
 * by the engine to find a customer by an anonymous id.
 */
export function aliasStream(anonymousId: string): string {
  return `alias-${anonymousId}`;
}

export const ANONYMOUS_ID_LINKED_TYPE = 'AnonymousIdLinked';
