import type { FastifyInstance } from 'fastify';
import { parseJsonBody } from './json-body';

/**
 * Replaces the framework's body parsers with ingest's: JSON (also sent as `text/plain` by
 * analytics.js) within the request size limit, checked by `parseJsonBody`. Any other content type
 * is answered 415 by Fastify, a larger body 413, both before a handler runs.
 */
export function registerBodyParsers(fastify: FastifyInstance, maxRequestBytes: number, maxJsonDepth: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    ['application/json', 'text/plain'],
    { parseAs: 'string', bodyLimit: maxRequestBytes },
    (_request, body, done) => {
      try {
        done(null, parseJsonBody(body as string, maxJsonDepth));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
}
