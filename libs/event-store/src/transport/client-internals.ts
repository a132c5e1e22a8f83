import type { EventStoreDBClient } from '@eventstore/db-client';
import type { CallOptions, Client, Metadata, MethodDefinition } from '@grpc/grpc-js';

/**
 * The client's own connection plumbing that Heed's decoded calls go through (ADR 0082): a gRPC
 * client of a given class on the client's channel (reconnecting as the client does), and the
 * metadata and call options of a call (credentials, leader requirement, deadline). Protected
 * members of `@eventstore/db-client` 6.x.
 */
export type ClientInternals = Readonly<{
  GRPCStreamCreator: <S>(
    clientClass: new (...args: never[]) => Client,
    debugName: string,
    creator: (client: Client) => S,
    /** One stream per gRPC client, kept while it lasts (the client's own for its batch appends). */
    cache?: WeakMap<Client, S>,
  ) => () => Promise<S>;
  callArguments: (options: object, callOptions: CallOptions) => [Metadata, CallOptions];
  /** When a call given this deadline (ms, or the client's default) must be over. */
  createDeadline: (deadline?: number) => Date;
  /** Whether a failed append rejects (true) or resolves with `success: false`. */
  readonly throwOnAppendFailure: boolean;
  /** Whether the server has this method (and this feature of it). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the client's own signature
  supports: (method: MethodDefinition<any, any>, feature?: string) => Promise<boolean>;
}>;

/** The client's plumbing, or undefined when this client has none of that shape. */
export function internalsOf(client: EventStoreDBClient): ClientInternals | undefined {
  const internals = client as unknown as Partial<ClientInternals>;
  return typeof internals.GRPCStreamCreator === 'function' &&
    typeof internals.callArguments === 'function' &&
    typeof internals.createDeadline === 'function' &&
    typeof internals.throwOnAppendFailure === 'boolean' &&
    typeof internals.supports === 'function'
    ? (internals as ClientInternals)
    : undefined;
}
