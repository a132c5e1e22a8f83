import { loadConfig, loadConfigs } from '@heed/config';
import { connectStore, StoreConfig } from '@heed/event-store';
import { createLogger, LogConfig, NestPinoLogger, Redactor, runMain } from '@heed/service';
import { createIngestApp } from './create-ingest-app';
import { IngestConfig } from './ingest.config';

runMain(async () => {
  const { config, log } = loadConfigs({ config: IngestConfig, log: LogConfig }, process.env);
  const logger = new NestPinoLogger(createLogger(log, Redactor.secretsOf(process.env)).pino);
  const client = connectStore(loadConfig(StoreConfig, process.env));
  const app = await createIngestApp({ config, client }, logger);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onClose', async () => client.dispose());
  await app.listen(config.port, config.host);
  console.log(`Heed ingest listening on ${await app.getUrl()} (OpenAPI: /openapi.json, metrics: /metrics)`);
  return () => app.close();
});
