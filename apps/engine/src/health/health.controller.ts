import { Controller, Get } from '@nestjs/common';

@Controller('health')
export class HealthController {
  /** Liveness: the process answers. */
  @Get()
  live(): { status: 'ok'; service: 'engine' } {
    return { status: 'ok', service: 'engine' };
  }
}
