import { loadConfig } from '@heed/config';
import { createHttpApp, runMain } from '@heed/service';
import { IngestConfig } from './ingest.config';
import { IngestModule } from './ingest.module';

runMain(async () => {
  const config = loadConfig(IngestConfig, process.env);
  const app = await createHttpApp(IngestModule);
  await app.listen(config.port, config.host);
  console.log(`Heed ingest listening on ${await app.getUrl()}`);
});
