import 'reflect-metadata';
import type { DynamicModule, LoggerService, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Registry } from 'prom-client';
import { REQUEST_ID_HEADER, requestIdOf } from './logging/request-id';
import { serveMetrics } from './metrics/serve-metrics';

export interface HttpAppOptions {
  /** A Nest logger, or `false` to stay silent (tests). Defaults to Nest's console logger. */
  readonly logger?: LoggerService | false;
  /**
   * The process's metrics registry: served at `GET /metrics`, with every request timed under the
   * `service` label. No registry, no `/metrics`.
   */
  readonly metrics?: { readonly registry: Registry; readonly service: string };
}

/**
 * Creates a Nest application on the Fastify adapter, initialised and not yet listening.
 * Shared by every Heed HTTP service so that they behave alike (errors, shutdown by `runMain`,
 * `/metrics`, request ids: `request.id` is the caller's `X-Request-Id` or a new UUID, answered in
 * `X-Request-Id` and logged as the correlation id of lines about the request).
 */
export async function createHttpApp(
  module: Type | DynamicModule,
  options: HttpAppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ genReqId: requestIdOf });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger: options.logger ?? undefined,
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done(null, payload);
  });
  if (options.metrics !== undefined) serveMetrics(fastify, options.metrics.registry, options.metrics.service);
  // No `enableShutdownHooks()`: Nest's own signal handler closes the app and re-raises the signal,
  // killing the process before the rest of Heed has stopped. `runMain` owns SIGINT and SIGTERM and
  // calls each service's stop, which closes the app (its shutdown hooks run on `close()`).
  await app.init();
  return app;
}
