import { directoryProblem, loadConfigs } from '@heed/config';
import { exposureWarning, startEmbeddedStore, type RunningEmbeddedStore } from '@heed/embedded-store';
import { connectStore, StoreConfig } from '@heed/event-store';
import type { EventStoreDBClient } from '@eventstore/db-client';
import type { LifecycleConfig } from '@heed/domain';
import { createMetricsRegistry, LogConfig } from '@heed/service';
import type { LoggerService } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { StoreConfig as EmbeddedStoreConfig } from '../../store/src/store.config';
import { registerStoreMetrics } from '../../store/src/store-metrics';
import { EngineConfig } from '../../engine/src/engine.config';
import { customerKind } from '../../engine/src/lifecycle/customer-kind';
import { startEngine, type RunningEngine } from '../../engine/src/start-engine';
import { resolveWriteKeys } from '../../ingest/src/auth/resolve-write-keys';
import { developmentKeys } from './development-keys';
import { listenOn, portInUse } from './port-in-use';
import { createIngestApp } from '../../ingest/src/create-ingest-app';
import { IngestConfig } from '../../ingest/src/ingest.config';
import { startConnectFromEnv } from '../../connect/src/start-connect-from-env';

export interface HeedConfig {
  /** Set when `HEED_STORE_URL` is: Heed then uses that store instead of starting its own. */
  readonly storeUrl: string | undefined;
  readonly embeddedStore: EmbeddedStoreConfig;
  readonly ingest: IngestConfig;
  readonly engine: EngineConfig;
  readonly log: LogConfig;
}

/**
 * Reads the whole of Heed's configuration from the environment.
 *
 * @throws ConfigError naming every variable at fault in any of the services, all at once.
 */
export function loadHeedConfig(env: Readonly<Record<string, string | undefined>>): HeedConfig {
  const configs = loadConfigs(
    {
      ...(env.HEED_STORE_URL ? { store: StoreConfig } : {}),
      embeddedStore: EmbeddedStoreConfig,
      ingest: IngestConfig,
      engine: EngineConfig,
      log: LogConfig,
    },
    env,
    ({ embeddedStore }) => [directoryProblem('HEED_DATA_DIR', embeddedStore.dataDir)].filter((p) => p !== undefined),
  );
  return {
    storeUrl: (configs as { store?: StoreConfig }).store?.url,
    embeddedStore: configs.embeddedStore,
    ingest: configs.ingest,
    engine: configs.engine,
    log: configs.log,
  };
}

/** What a caller may change beyond configuration: the simulator runs Heed in simulated time. */
export interface HeedOptions {
  /** Wall clock against which timers come due (ms since the epoch); `Date.now` by default. */
  readonly now?: () => number;
  /** Overrides of the lifecycle machine's configuration. */
  readonly lifecycle?: Partial<LifecycleConfig>;
}

export interface RunningHeed {
  readonly storeUrl: string;
  /** The client every service of this process shares. */
  readonly client: EventStoreDBClient;
  readonly engine: RunningEngine;
  readonly ingestUrl: string;
  readonly engineUrl: string;
  /** Where the embedded store and the development keys live (`HEED_DATA_DIR`). */
  readonly dataDir: string;
  /**
   * The one metrics registry of every part of this process (store, ingest, engine, connect), served
   * at `/metrics` on both the ingest and the engine port: scrape one of them, not both.
   */
  readonly metrics: Registry;
  /** Development keys in use because none was configured (kept in the data directory). */
  readonly generated: { readonly writeKey?: string; readonly apiKey?: string };
  /** Stops every service, the last started first. */
  stop(): Promise<void>;
}

/**
 * Starts the whole of Heed in one process on its embedded defaults: what `npm start` runs. The
 * embedded store is started unless `HEED_STORE_URL` points elsewhere; ingest and engine talk to the
 * store through `@eventstore/db-client` either way. Production runs each service as its own process.
 */
export async function startHeed(
  config: HeedConfig,
  logger?: LoggerService | false,
  options: HeedOptions = {},
): Promise<RunningHeed> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async (): Promise<void> => {
    for (const s of stops.splice(0).reverse()) await s();
  };
  const metrics = createMetricsRegistry();
  try {
    let storeUrl = config.storeUrl;
    if (storeUrl === undefined) {
      const { host, port, dataDir, synchronous } = config.embeddedStore;
      const systemProjections = config.embeddedStore.systemProjections === 'true';
      const warning = exposureWarning(host);
      if (warning !== undefined) console.warn(warning);
      const store: RunningEmbeddedStore = await startEmbeddedStore({
        host,
        port,
        dataDir,
        synchronous,
        systemProjections,
      }).catch((error: unknown) => {
        throw portInUse(error, 'store', 'HEED_STORE_PORT', host, port);
      });
      stops.push(() => store.stop());
      registerStoreMetrics(metrics, store);
      storeUrl = store.connectionString;
    }
    const client = connectStore({ url: storeUrl });
    stops.push(() => client.dispose());

    // Development keys, when none is configured: generated once and kept in the data directory.
    const needsKeys = config.ingest.writeKeys.length === 0 || config.engine.apiKeys.length === 0;
    const keys = needsKeys ? developmentKeys(config.embeddedStore.dataDir) : undefined;
    const { config: ingestConfig, generated: writeKey } = resolveWriteKeys(config.ingest, () => keys!.writeKey);
    const ingest = await createIngestApp({ config: ingestConfig, client, metrics }, logger);
    stops.push(() => ingest.close());
    const { host: ingestHost, port: ingestPort } = config.ingest;
    await listenOn(() => ingest.listen(ingestPort, ingestHost), 'ingest', 'HEED_INGEST_PORT', ingestHost, ingestPort);

    const apiKey = config.engine.apiKeys.length === 0 ? keys!.apiKey : undefined;
    const engineConfig = Object.assign(new EngineConfig(), config.engine, apiKey ? { apiKeys: [apiKey] } : {});
    const engine = await startEngine(engineConfig, {
      client,
      kind: customerKind(options.lifecycle),
      logger,
      now: options.now,
      metrics,
    }).catch((error: unknown) => {
      throw portInUse(error, 'engine', 'HEED_ENGINE_PORT', engineConfig.host, engineConfig.port);
    });
    stops.push(() => engine.stop());
    stops.push((await startConnectFromEnv(process.env, { client, logger, metrics })).stop);

    return {
      storeUrl,
      client,
      engine,
      ingestUrl: await ingest.getUrl(),
      engineUrl: engine.url,
      dataDir: config.embeddedStore.dataDir,
      metrics,
      generated: { writeKey, apiKey },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
