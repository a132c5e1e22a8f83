import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Serves the OpenAPI document at `/openapi.json` (the document only: any OpenAPI viewer renders it). */
export function serveOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Heed ingest API')
    .setDescription(
      'Segment-compatible collection endpoints. Authenticate with a write key as the HTTP Basic user name ' +
        '(empty password) or as a Bearer token. Errors carry a stable code, the JSON path at fault and what was expected.',
    )
    .setVersion('1')
    .addBasicAuth({ type: 'http', scheme: 'basic' }, 'writeKey')
    .addBearerAuth({ type: 'http', scheme: 'bearer' }, 'writeKey')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  app
    .getHttpAdapter()
    .getInstance()
    .get('/openapi.json', async () => document);
}
