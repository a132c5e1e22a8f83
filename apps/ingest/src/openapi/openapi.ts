import { serveOpenApi as serve } from '@heed/service';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** The security scheme of a write key sent as Segment's SDKs send it: the HTTP Basic user name. */
export const WRITE_KEY_BASIC = 'writeKeyBasic';
/** The security scheme of a write key sent as `Authorization: Bearer <write key>`. */
export const WRITE_KEY_BEARER = 'writeKeyBearer';

/** Serves the OpenAPI document at `/openapi.json` (the document only: any OpenAPI viewer renders it). */
export function serveOpenApi(app: NestFastifyApplication): void {
  serve(app, {
    path: '/openapi.json',
    title: 'Heed ingest API',
    description:
      'Segment-compatible collection endpoints. Authenticate with a write key (one of HEED_WRITE_KEYS, or the ' +
      'development key `npm start` prints) as the HTTP Basic user name with an empty password, as Segment SDKs ' +
      'send it, or as a Bearer token. Errors carry a stable code, the JSON path at fault and what was expected.',
    // Two schemes, each listed once: a write key is an opaque secret, not a JWT.
    security: (builder) =>
      builder
        .addSecurity(WRITE_KEY_BASIC, {
          type: 'http',
          scheme: 'basic',
          description: 'The write key as the user name, with an empty password (`curl -u "<write key>:"`).',
        })
        .addSecurity(WRITE_KEY_BEARER, {
          type: 'http',
          scheme: 'bearer',
          description: 'The write key itself: `Authorization: Bearer <write key>`.',
        }),
  });
}
