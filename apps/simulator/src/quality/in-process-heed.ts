import type { EventStoreDBClient } from '@eventstore/db-client';
import type { LifecycleConfig } from '@heed/domain';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningEngine } from '../../../engine/src/start-engine';
import { loadHeedConfig, startHeed } from '../../../heed/src/start-heed';

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
 * Starts Heed as `npm start` does (embedded store on disk in a temporary directory, ingest, engine),
 * except that the engine's timers come due against a simulated wall clock and tick only when told,
 * and that the lifecycle may be given a configuration override.
 */
export async function startInProcessHeed(lifecycle: Partial<LifecycleConfig> = {}): Promise<InProcessHeed> {
  const dataDir = mkdtempSync(join(tmpdir(), 'heed-quality-'));
  const config = loadHeedConfig({
    HEED_STORE_PORT: '0',
    HEED_INGEST_PORT: '0',
    HEED_ENGINE_PORT: '0',
    HEED_DATA_DIR: dataDir,
    HEED_WRITE_KEYS: WRITE_KEY,
    HEED_API_KEYS: API_KEY,
    // The simulation ticks the wheel itself, after each step of simulated time.
    HEED_TIMER_TICK_MS: String(24 * 3_600_000),
    // Simulated time: a customer fed a moment ago (in real time) is no reason to wait.
    HEED_TIMER_QUIET_MS: '0',
  });
  const clock = { now: 0 };
  const heed = await startHeed(config, false, { now: () => clock.now, lifecycle });
  return {
    ingestUrl: heed.ingestUrl,
    writeKey: WRITE_KEY,
    client: heed.client,
    engine: heed.engine,
    get now() {
      return clock.now;
    },
    set now(value: number) {
      clock.now = value;
    },
    stop: async () => {
      await heed.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
