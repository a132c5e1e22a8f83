import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { RetryLaterError } from '../errors/ingest-error';
import { STORE_PROBE, type StoreReadiness } from './store-probe';

@Controller('health')
export class HealthController {
  constructor(@Optional() @Inject(STORE_PROBE) private readonly store?: StoreReadiness) {}

  /** Liveness: the process answers. */
  @Get()
  live(): { status: 'ok'; service: 'ingest' } {
    return { status: 'ok', service: 'ingest' };
  }

  /**
   * Readiness: the store answers a read now, so a call sent here can be stored. Not ready is the
   * answer a producer gets while the store is unreachable: 503 `STORE_UNAVAILABLE` with Retry-After.
   */
  @Get('ready')
  async ready(): Promise<{ status: 'ready'; service: 'ingest'; store: 'answering' }> {
    const probed =
      this.store === undefined ? { ok: false as const, reason: 'no store configured' } : await this.store.probe();
    if (!probed.ok) {
      throw new RetryLaterError(
        'STORE_UNAVAILABLE',
        `not ready: the event store does not answer (${probed.reason})`,
        this.store?.retryAfterSeconds ?? 1,
      );
    }
    return { status: 'ready', service: 'ingest', store: 'answering' };
  }
}
