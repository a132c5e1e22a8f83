import { loadConfig } from '@heed/config';
import { startEmbeddedStore } from '@heed/embedded-store';
import { runMain } from '@heed/service';
import { StoreConfig } from './store.config';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

runMain(async () => {
  const config = loadConfig(StoreConfig, process.env);
  if (!LOOPBACK.has(config.host)) {
    console.warn(
      `WARNING: the Heed store is listening on ${config.host}, beyond this machine. It has no TLS and no access control: anyone who can reach this address can read, write and delete every stream.`,
    );
  }
  const store = await startEmbeddedStore({
    host: config.host,
    port: config.port,
    dataDir: config.dataDir,
    synchronous: config.synchronous,
  });
  // The first line is the connection string, for scripts and tests that start the store on port 0.
  console.log(store.connectionString);
  console.log(
    `Heed store is running (data in ${config.dataDir}, synchronous=${config.synchronous}). Press Ctrl+C to stop.`,
  );
  const shutdown = (): void => {
    store.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
});
