import { EventStoreDBClient } from '@eventstore/db-client';
import { loadConfig } from '@heed/config';
import type { LifecycleConfig } from '@heed/domain';
import { startEmbeddedStore } from '@heed/embedded-store';
import { connectStore } from '@heed/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineConfig } from '../../../engine/src/engine.config';
import { customerKind } from '../../../engine/src/lifecycle/customer-kind';
import { startEngine, type RunningEngine } from '../../../engine/src/start-engine';
import { createIngestApp } from '../../../ingest/src/create-ingest-app';
import { IngestConfig } from '../../../ingest/src/ingest.config';

/** A whole Heed in this process, with the wall clock of its timers in the caller's hands. */
export interface InProcessHeed {
  readonly ingestUrl: string;
  readonly writeKey: string;
  readonly client: EventStoreDBClient;
  readonly engine: RunningEngine;
  /** The wall clock the timer wheel sees (ms since the epoch); set it, then `engine.timers.tick()`. */
  now: number;
  stop(): Promise<void>;
}

const WRITE_KEY = 'simulator-quality-key-0123456789';
const API_KEY = 'simulator-quality-api-0123456789';

/**
 * Starts the embedded store (on disk, in a temporary directory), ingest and the engine, wired as
 * `startHeed` wires them, except that the engine's timers come due against a simulated wall clock
 * and tick only when told, and that the lifecycle may be given a configuration override.
 */
export async function startInProcessHeed(lifecycle: Partial<LifecycleConfig> = {}): Promise<InProcessHeed> {
  const dataDir = mkdtempSync(join(tmpdir(), 'heed-quality-'));
  const store = await startEmbeddedStore({ host: '127.0.0.1', port: 0, dataDir });
  const client = connectStore({ url: store.connectionString });
  const ingestConfig = loadConfig(IngestConfig, { HEED_INGEST_PORT: '0', HEED_WRITE_KEYS: WRITE_KEY });
  const ingest = await createIngestApp({ config: ingestConfig, client }, false);
  await ingest.listen(0, '127.0.0.1');
  const engineConfig = loadConfig(EngineConfig, {
    HEED_ENGINE_PORT: '0',
    HEED_API_KEYS: API_KEY,
    // The simulation ticks the wheel itself, after each step of simulated time.
    HEED_TIMER_TICK_MS: String(24 * 3_600_000),
  });
  const heed = {
    ingestUrl: await ingest.getUrl(),
    writeKey: WRITE_KEY,
    client,
    now: 0,
  } as InProcessHeed;
  const engine = await startEngine(engineConfig, {
    client,
    kind: customerKind(lifecycle),
    logger: false,
    now: () => heed.now,
  });
  return Object.assign(heed, {
    engine,
    stop: async () => {
      await engine.stop();
      await ingest.close();
      await client.dispose();
      await store.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
