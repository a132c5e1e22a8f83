import { loadConfig } from '@heed/config';
import { createHttpApp, runMain } from '@heed/service';
import { EngineConfig } from './engine.config';
import { EngineModule } from './engine.module';

runMain(async () => {
  const config = loadConfig(EngineConfig, process.env);
  const app = await createHttpApp(EngineModule);
  await app.listen(config.port, config.host);
  console.log(`Heed engine listening on ${await app.getUrl()}`);
});
