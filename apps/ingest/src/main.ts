import { loadConfig } from '@heed/config';
import { connectStore, StoreConfig } from '@heed/event-store';
import { runMain } from '@heed/service';
import { createIngestApp } from './create-ingest-app';
import { IngestConfig } from './ingest.config';

runMain(async () => {
  const config = loadConfig(IngestConfig, process.env);
  const client = connectStore(loadConfig(StoreConfig, process.env));
  const app = await createIngestApp({ config, client });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onClose', async () => client.dispose());
  await app.listen(config.port, config.host);
  console.log(`Heed ingest listening on ${await app.getUrl()} (OpenAPI: /openapi.json)`);
  return () => app.close();
});
