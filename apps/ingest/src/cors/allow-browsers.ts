import type { FastifyInstance } from 'fastify';

/** The request headers browsers may send to `/v1/*`: what analytics.js sets, and a body's coding. */
const ALLOWED_HEADERS = 'authorization, content-type, content-encoding, x-retry-count';

/**
 * Lets web pages on any origin post to the collection API, as Segment's API does: analytics.js
 * (`@segment/analytics-next`) sends `text/plain` bodies with an `Authorization` header, which makes
 * the browser ask first (`OPTIONS`). Answers are readable from any origin and carry no cookies
 * (`*`): the write key is the credential, and a browser's write key is public anyway. The
 * preflight is answered before the body limits and the in-flight count, like a 429.
 */
export function allowBrowsers(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/v1/')) return;
    void reply.header('access-control-allow-origin', '*');
    if (request.method !== 'OPTIONS') return;
    return reply
      .headers({
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': ALLOWED_HEADERS,
        'access-control-max-age': '86400',
      })
      .code(204)
      .send();
  });
}
