import { serveOpenApi as serve } from '@heed/service';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Serves the OpenAPI document at `/openapi.json` (the document only: any OpenAPI viewer renders it). */
export function serveOpenApi(app: NestFastifyApplication): void {
  serve(app, {
    path: '/openapi.json',
    title: 'Heed ingest API',
    description:
      'Segment-compatible collection endpoints. Authenticate with a write key as the HTTP Basic user name ' +
      '(empty password) or as a Bearer token. Errors carry a stable code, the JSON path at fault and what was expected.',
    security: (builder) =>
      builder
        .addBasicAuth({ type: 'http', scheme: 'basic' }, 'writeKey')
        .addBearerAuth({ type: 'http', scheme: 'bearer' }, 'writeKey'),
  });
}
