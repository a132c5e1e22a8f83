import type { FastifyInstance } from 'fastify';
import { RetryLaterError } from '../errors/ingest-error';

/**
 * Bounds the work in progress: at most `max` requests to `/v1/*` are read, validated and appended
 * at once. Beyond that a request is answered 429 with `Retry-After` before its body is read, so
 * memory stays bounded (max × the request size limit) however hard producers push.
 */
export function limitInFlight(fastify: FastifyInstance, max: number, retryAfterSeconds: number): () => number {
  let inFlight = 0;
  fastify.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/v1/')) return;
    if (inFlight >= max) {
      throw new RetryLaterError('OVERLOADED', `more than ${max} requests in progress; retry later`, retryAfterSeconds);
    }
    inFlight++;
    // The response's 'close' comes once, when it is sent or when the connection is gone.
    reply.raw.once('close', () => inFlight--);
  });
  return () => inFlight;
}
