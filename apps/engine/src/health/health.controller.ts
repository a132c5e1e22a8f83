import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ENGINE_STATUS, type EngineStatus } from './engine-status';

@Controller('health')
export class HealthController {
  constructor(@Inject(ENGINE_STATUS) private readonly status: EngineStatus) {}

  /** Liveness: the process answers. */
  @Get()
  live(): { status: 'ok'; service: 'engine' } {
    return { status: 'ok', service: 'engine' };
  }

  /** Readiness: the engine is connected to its subscription and takes signals. */
  @Get('ready')
  ready(): { status: 'ready'; service: 'engine'; subscription: string } {
    const subscription = this.status.subscription();
    if (subscription !== 'connected') {
      throw new ServiceUnavailableException({ statusCode: 503, code: 'NOT_READY', service: 'engine', subscription });
    }
    return { status: 'ready', service: 'engine', subscription };
  }
}
