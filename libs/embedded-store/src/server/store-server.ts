import { Server, ServerCredentials } from '@grpc/grpc-js';
import type { ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';

/** One gRPC method the server implements, as `ServerFeatures.GetSupportedMethods` advertises it. */
export interface AdvertisedMethod {
  /** Fully qualified, e.g. `event_store.client.streams.Streams`. */
  readonly serviceName: string;
  /** e.g. `BatchAppend`. */
  readonly methodName: string;
  /** Feature strings the client checks, e.g. `['stream', 'all']` for persistent subscriptions. */
  readonly features: readonly string[];
}

/**
 * The store's gRPC server: a `@grpc/grpc-js` server on insecure HTTP/2 that also keeps the list of
 * methods `ServerFeatures` advertises, so that what is advertised is exactly what was registered.
 *
 * Services are added with {@link addService} before {@link listen}; each implemented method is
 * advertised, with the features given for it. A module adds its own service like this:
 *
 * ```ts
 * server.addService(PersistentSubscriptionsService, implementation, { create: ['stream', 'all'] });
 * ```
 */
export class StoreServer {
  // No interceptors: server streams hand queued responses to grpc-js's call several at a time
  // (buffered-writes.ts), which its base call takes, while an intercepting call holds a single
  // message during a metadata interceptor's work.
  private readonly server = new Server({
    'grpc.keepalive_permit_without_calls': 1,
    'grpc.max_receive_message_length': 16 * 1024 * 1024,
  });
  private readonly methods: AdvertisedMethod[] = [];
  private bound: { host: string; port: number } | undefined;

  /**
   * Serves a service and advertises each method `implementation` provides.
   *
   * @param features feature strings per method, keyed like the implementation (`create`, `read`…).
   */
  addService<D extends ServiceDefinition>(
    definition: D,
    implementation: UntypedServiceImplementation,
    features: Partial<Record<keyof D & string, readonly string[]>> = {},
  ): void {
    this.server.addService(definition, implementation);
    for (const [key, method] of Object.entries(definition)) {
      if (!(key in implementation)) continue;
      const [, serviceName = '', methodName = ''] = method.path.split('/');
      this.methods.push({ serviceName, methodName, features: features[key as keyof D & string] ?? [] });
    }
  }

  /** What `ServerFeatures.GetSupportedMethods` answers. */
  advertisedMethods(): readonly AdvertisedMethod[] {
    return this.methods;
  }

  /** The address the server listens on (after {@link listen}). */
  address(): { host: string; port: number } {
    if (this.bound === undefined) throw new Error('the store server is not listening');
    return this.bound;
  }

  /** Binds insecure HTTP/2 on host:port (0 picks a free port) and starts serving. */
  listen(host: string, port: number): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.server.bindAsync(
        `${host.includes(':') ? `[${host}]` : host}:${port}`,
        ServerCredentials.createInsecure(),
        (error, bound) => {
          if (error) return reject(error);
          this.bound = { host, port: bound };
          resolve(this.bound);
        },
      );
    });
  }

  /**
   * Stops accepting calls, lets unary calls finish for a moment, then closes what is left
   * (subscriptions never end by themselves).
   */
  stop(graceMs = 250): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.server.forceShutdown(), graceMs);
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
