import { loadConfig } from '@heed/config';
import { runMain } from '@heed/service';
import { EngineConfig, IngestConfig, startHeed } from './start-heed';

runMain(async () => {
  const heed = await startHeed({
    ingest: loadConfig(IngestConfig, process.env),
    engine: loadConfig(EngineConfig, process.env),
  });
  console.log(`Heed is running.\n  ingest: ${heed.ingestUrl}\n  engine: ${heed.engineUrl}\nPress Ctrl+C to stop.`);
  const shutdown = (): void => {
    heed.stop().then(
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
