import Fastify from 'fastify';
import type { Registry } from 'prom-client';
import { METRICS_PATH } from './serve-metrics';

/** A small HTTP server that serves only `/metrics` (and `/health`), for a service without HTTP API. */
export interface MetricsServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Serves `registry` at `http://host:port/metrics` for a process that has no HTTP API of its own
 * (the standalone store, connect). Port 0 picks a free one.
 */
export async function serveMetricsPort(registry: Registry, host: string, port: number): Promise<MetricsServer> {
  const fastify = Fastify();
  fastify.get(METRICS_PATH, async (_request, reply) => {
    void reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  fastify.get('/health', async () => ({ status: 'ok' }));
  const url = await fastify.listen({ host, port });
  return { url, stop: () => fastify.close() };
}
