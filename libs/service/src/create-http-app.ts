import 'reflect-metadata';
import type { DynamicModule, LoggerService, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

export interface HttpAppOptions {
  /** A Nest logger, or `false` to stay silent (tests). Defaults to Nest's console logger. */
  readonly logger?: LoggerService | false;
}

/**
 * Creates a Nest application on the Fastify adapter, initialised and not yet listening.
 * Shared by every Heed HTTP service so that they behave alike (errors, shutdown by `runMain`).
 */
export async function createHttpApp(
  module: Type | DynamicModule,
  options: HttpAppOptions = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), {
    logger: options.logger ?? undefined,
    abortOnError: false,
  });
  // No `enableShutdownHooks()`: Nest's own signal handler closes the app and re-raises the signal,
  // killing the process before the rest of Heed has stopped. `runMain` owns SIGINT and SIGTERM and
  // calls each service's stop, which closes the app (its shutdown hooks run on `close()`).
  await app.init();
  return app;
}
