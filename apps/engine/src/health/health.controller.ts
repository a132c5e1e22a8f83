import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ENGINE_STATUS, type EngineStatus } from './engine-status';

interface Readiness {
  status: 'ready';
  service: 'engine';
  subscription: string;
  lag: { events: number; seconds: number; maxEvents: number };
}

@Controller('health')
export class HealthController {
  constructor(@Inject(ENGINE_STATUS) private readonly status: EngineStatus) {}

  /** Liveness: the process answers. */
  @Get()
  live(): { status: 'ok'; service: 'engine' } {
    return { status: 'ok', service: 'engine' };
  }

  /**
   * Readiness: the engine is subscribed and caught up, with at most `HEED_ENGINE_READY_MAX_LAG`
   * events of `$ce-customer` left to handle, so what it answers about customers is current.
   */
  @Get('ready')
  async ready(): Promise<Readiness> {
    const subscription = this.status.subscription();
    const maxEvents = this.status.readyMaxLag;
    const notReady = (why: Record<string, unknown>) =>
      new ServiceUnavailableException({ statusCode: 503, code: 'NOT_READY', service: 'engine', subscription, ...why });
    if (subscription !== 'connected') throw notReady({ reason: 'not subscribed' });
    const lag = await this.status.lag().catch((error: unknown) => {
      throw notReady({ reason: `lag unknown: ${error instanceof Error ? error.message : String(error)}` });
    });
    const measured = { events: lag.events, seconds: lag.seconds, maxEvents };
    if (lag.events > maxEvents) throw notReady({ reason: 'catching up', lag: measured });
    return { status: 'ready', service: 'engine', subscription, lag: measured };
  }
}
