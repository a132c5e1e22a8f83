import { loadConfig } from '@heed/config';
import { exposureWarning, startEmbeddedStore } from '@heed/embedded-store';
import { createMetricsRegistry, runMain, serveMetricsPort } from '@heed/service';
import { registerStoreMetrics } from './store-metrics';
import { StoreConfig } from './store.config';

runMain(async () => {
  const config = loadConfig(StoreConfig, process.env);
  const warning = exposureWarning(config.host);
  if (warning !== undefined) console.warn(warning);
  const store = await startEmbeddedStore({
    host: config.host,
    port: config.port,
    dataDir: config.dataDir,
    synchronous: config.synchronous,
    systemProjections: config.systemProjections === 'true',
  });
  let metrics: Awaited<ReturnType<typeof serveMetricsPort>> | undefined;
  if (config.metricsPort !== undefined) {
    const registry = createMetricsRegistry();
    registerStoreMetrics(registry, store);
    metrics = await serveMetricsPort(registry, config.host, config.metricsPort).catch(async (error: unknown) => {
      await store.stop();
      throw error;
    });
  }
  // The first line is the connection string, for scripts and tests that start the store on port 0.
  console.log(store.connectionString);
  console.log(
    `Heed store is running (data in ${config.dataDir}, synchronous=${config.synchronous}${metrics ? `, metrics: ${metrics.url}/metrics` : ''}). Press Ctrl+C to stop.`,
  );
  return async () => {
    await metrics?.stop();
    await store.stop();
  };
});
