import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, createMetricsRegistry } from '@heed/service';
import { registerBodyParsers } from './body/register-body-parsers';
import { allowBrowsers } from './cors/allow-browsers';
import { IngestModule } from './ingest.module';
import { IngestMetrics } from './metrics/ingest-metrics';
import type { IngestOptions } from './ingest.options';
import { serveOpenApi } from './openapi/openapi';
import { limitInFlight } from './overload/in-flight-limit';

/**
 * Builds the ingest service, initialised and not yet listening: the collection API, its body
 * parser and limits, its answers to browsers (CORS), its error answers, its OpenAPI document and its
 * metrics at `/metrics` (in `options.metrics`, or a registry of its own). What `main.ts` and the
 * all-in-one `apps/heed` both call.
 *
 * @throws Error when `options.config.writeKeys` is empty: resolve keys first (`resolveWriteKeys`).
 */
export async function createIngestApp(
  options: IngestOptions,
  logger?: LoggerService | false,
): Promise<NestFastifyApplication> {
  const { config } = options;
  if (config.writeKeys.length === 0) {
    throw new Error('HEED_WRITE_KEYS: expected at least one write key (see resolveWriteKeys for development)');
  }
  const registry = options.metrics ?? createMetricsRegistry();
  const app = await createHttpApp(IngestModule.forRoot({ ...options, metrics: registry }), {
    ...(logger === undefined ? {} : { logger }),
    metrics: { registry, service: 'ingest' },
  });
  const fastify = app.getHttpAdapter().getInstance();
  registerBodyParsers(fastify, config.maxRequestBytes, config.maxJsonDepth);
  allowBrowsers(fastify);
  app.get(IngestMetrics).watchInFlight(limitInFlight(fastify, config.maxInFlightRequests, config.retryAfterSeconds));
  serveOpenApi(app);
  return app;
}
