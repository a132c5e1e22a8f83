import { serveOpenApi } from '@heed/service';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Path of the engine's OpenAPI document (public, like ingest's). */
export const ENGINE_OPENAPI_PATH = '/v1/openapi.json';

/**
 * Serves the engine's OpenAPI document: every endpoint of its query API. Controllers mark their
 * endpoints with `@ApiBearerAuth()`, the default scheme name `bearer` declared here.
 */
export function serveEngineOpenApi(app: NestFastifyApplication): void {
  serveOpenApi(app, {
    path: ENGINE_OPENAPI_PATH,
    title: 'Heed engine API',
    description:
      'The query API of the customer actors, which Heed Studio shows (docs/studio-api.md): the running machine, ' +
      'the population per state, and one customer’s state, timeline and time travel. Authenticate with ' +
      '`Authorization: Bearer <key>`, a key of HEED_API_KEYS. Errors are `{ statusCode, code, message, path? }` ' +
      'with a stable code and the parameter at fault.',
    security: (builder) => builder.addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'API key' }),
  });
}
