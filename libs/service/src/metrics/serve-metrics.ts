import type { FastifyInstance } from 'fastify';
import { Histogram, type Registry } from 'prom-client';
import { metricOf } from './metric-of';

/** Where every Heed HTTP service serves its metrics. */
export const METRICS_PATH = '/metrics';

/**
 * Serves `registry` at `GET /metrics` in the Prometheus text format, past Nest's guards (like
 * `/health`, it holds no customer data: names, counts and timings only), and times every request
 * of the service into `heed_http_request_duration_seconds{service,method,route,status_code}`.
 * `route` is the route's pattern (`/v1/customers/:id`), never the URL, so it stays bounded.
 */
export function serveMetrics(fastify: FastifyInstance, registry: Registry, service: string): void {
  const requests = metricOf(
    registry,
    'heed_http_request_duration_seconds',
    () =>
      new Histogram({
        name: 'heed_http_request_duration_seconds',
        help: 'Time to answer an HTTP request, from its arrival to the last byte of the answer',
        labelNames: ['service', 'method', 'route', 'status_code'] as const,
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [registry],
      }),
  );
  fastify.addHook('onResponse', (request, reply, done) => {
    requests.observe(
      {
        service,
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: reply.statusCode,
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
  fastify.get(METRICS_PATH, async (_request, reply) => {
    void reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}
