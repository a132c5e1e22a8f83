import { loadConfig } from '@heed/config';
import { exposureWarning, startEmbeddedStore } from '@heed/embedded-store';
import { runMain } from '@heed/service';
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
  // The first line is the connection string, for scripts and tests that start the store on port 0.
  console.log(store.connectionString);
  console.log(
    `Heed store is running (data in ${config.dataDir}, synchronous=${config.synchronous}). Press Ctrl+C to stop.`,
  );
  return () => store.stop();
});
