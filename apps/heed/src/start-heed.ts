import type { LoggerService } from '@nestjs/common';
import { createHttpApp } from '@heed/service';
import { EngineConfig } from '../../engine/src/engine.config';
import { EngineModule } from '../../engine/src/engine.module';
import { IngestConfig } from '../../ingest/src/ingest.config';
import { IngestModule } from '../../ingest/src/ingest.module';

export interface HeedConfig {
  readonly ingest: IngestConfig;
  readonly engine: EngineConfig;
}

export interface RunningHeed {
  readonly ingestUrl: string;
  readonly engineUrl: string;
  /** Stops every service, in reverse order of start. */
  stop(): Promise<void>;
}

/**
 * Starts the whole of Heed in one process on its embedded defaults: what `npm start` runs.
 * Production deployments run each service as its own process instead (see docker-compose.yml).
 */
export async function startHeed(config: HeedConfig, logger?: LoggerService | false): Promise<RunningHeed> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async (): Promise<void> => {
    for (const s of stops.splice(0).reverse()) await s();
  };
  try {
    const ingest = await createHttpApp(IngestModule, { logger });
    stops.push(() => ingest.close());
    await ingest.listen(config.ingest.port, config.ingest.host);

    const engine = await createHttpApp(EngineModule, { logger });
    stops.push(() => engine.close());
    await engine.listen(config.engine.port, config.engine.host);

    return { ingestUrl: await ingest.getUrl(), engineUrl: await engine.getUrl(), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export { EngineConfig, IngestConfig };
