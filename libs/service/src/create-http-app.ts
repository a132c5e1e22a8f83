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
 * Shared by every Heed HTTP service so that they behave alike (shutdown hooks, errors).
 */
export async function createHttpApp(
  module: Type | DynamicModule,
  options: HttpAppOptions = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), {
    logger: options.logger ?? undefined,
    abortOnError: false,
  });
  app.enableShutdownHooks();
  await app.init();
  return app;
}
