import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

export interface OpenApiOptions {
  /** Where the document is served, e.g. `/v1/openapi.json`. */
  readonly path: string;
  readonly title: string;
  readonly description: string;
  /** Declares the service's security schemes, named as its controllers' `@ApiBearerAuth(…)` name them. */
  readonly security: (builder: DocumentBuilder) => DocumentBuilder;
}

/**
 * Serves a service's OpenAPI document, built from its controllers' decorators, as JSON at
 * `options.path` (the document only: any OpenAPI viewer renders it). Served by Fastify directly,
 * past Nest's guards: the document is public. Call it once the app is initialised.
 */
export function serveOpenApi(app: NestFastifyApplication, options: OpenApiOptions): OpenAPIObject {
  const config = options
    .security(new DocumentBuilder().setTitle(options.title).setDescription(options.description).setVersion('1'))
    .build();
  const document = SwaggerModule.createDocument(app, config);
  app
    .getHttpAdapter()
    .getInstance()
    .get(options.path, async () => document);
  return document;
}
