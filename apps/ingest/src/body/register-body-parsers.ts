import type { FastifyInstance } from 'fastify';
import { IngestError } from '../errors/ingest-error';
import { decodedBody, isCompressed } from './decoded-body';
import { parseJsonBody } from './json-body';

/** The media types read as JSON: `application/json`, and `text/plain`, which analytics.js sends to avoid a CORS preflight. */
const JSON_MEDIA_TYPES = ['application/json', 'text/plain'];

/**
 * The label RudderStack's Node SDK puts on its gzip JSON batches (axios's default for a binary
 * body). Read as JSON only when the body is compressed: a plain form post is still refused (415).
 */
const COMPRESSED_JSON_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/**
 * Replaces the framework's body parsers with ingest's: a body compressed with gzip or deflate is
 * decoded first (`decodedBody`), and the size limit applies to the decoded body; then JSON within
 * that limit. Any other content type or coding is answered 415, a larger body 413, both before a
 * handler runs.
 */
export function registerBodyParsers(fastify: FastifyInstance, maxRequestBytes: number, maxJsonDepth: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addHook('preParsing', async (request, _reply, payload) =>
    decodedBody(payload, request.headers['content-encoding'], maxRequestBytes),
  );
  const read = (body: string, done: (error: Error | null, body?: unknown) => void, check = (): void => {}): void => {
    try {
      check();
      done(null, parseJsonBody(body, maxJsonDepth));
    } catch (error) {
      done(error as Error, undefined);
    }
  };
  fastify.addContentTypeParser(
    JSON_MEDIA_TYPES,
    { parseAs: 'string', bodyLimit: maxRequestBytes },
    (_request, body, done) => read(body as string, done),
  );
  fastify.addContentTypeParser(
    COMPRESSED_JSON_MEDIA_TYPE,
    { parseAs: 'string', bodyLimit: maxRequestBytes },
    (request, body, done) =>
      read(body as string, done, () => {
        if (!isCompressed(request.headers['content-encoding'])) throw unsupportedMediaType();
      }),
  );
}

function unsupportedMediaType(): IngestError {
  return IngestError.at(
    'UNSUPPORTED_MEDIA_TYPE',
    'headers.content-type',
    `expected application/json or text/plain (${COMPRESSED_JSON_MEDIA_TYPE} only for a compressed JSON body)`,
  );
}
