import { bearerToken, KeyRing } from '@heed/service';
import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ENGINE_CONFIG } from '../engine-options';
import type { EngineConfig } from '../engine.config';

/** Lets through requests with `Authorization: Bearer <key>` for a key of `HEED_API_KEYS`. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: KeyRing;

  constructor(@Inject(ENGINE_CONFIG) config: EngineConfig) {
    this.keys = new KeyRing(config.apiKeys, 'api');
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    const token = bearerToken(request.headers.authorization);
    if (token === undefined || this.keys.idOf(token) === undefined) {
      throw new UnauthorizedException({
        statusCode: 401,
        code: 'UNAUTHORIZED',
        message: 'expected Authorization: Bearer <key> with a key of HEED_API_KEYS',
      });
    }
    return true;
  }
}
