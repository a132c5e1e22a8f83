import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { IngestError } from '../errors/ingest-error';
import { presentedWriteKey } from './credentials';
import { WRITE_KEYS, type WriteKeyIdentity, type WriteKeys } from './write-keys';

/** The request, once authenticated, carries the write key that sent it and its source. */
export interface AuthenticatedRequest extends FastifyRequest {
  writeKey?: WriteKeyIdentity;
}

/** Lets a request through only with a configured write key. */
@Injectable()
export class WriteKeyGuard implements CanActivate {
  constructor(@Inject(WRITE_KEYS) private readonly keys: WriteKeys) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = presentedWriteKey(request.headers.authorization, request.body);
    if (key === undefined) {
      throw IngestError.at(
        'MISSING_WRITE_KEY',
        'headers.authorization',
        'expected HTTP Basic with the write key as user name, or "Bearer <write key>"',
      );
    }
    const identity = this.keys.identify(key);
    if (identity === undefined) {
      throw IngestError.at(
        'INVALID_WRITE_KEY',
        'headers.authorization',
        'expected one of the write keys configured in HEED_WRITE_KEYS',
      );
    }
    request.writeKey = identity;
    return true;
  }
}
