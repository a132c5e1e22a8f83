import { loadConfig, loadConfigs } from '@heed/config';
import { connectStore, StoreConfig } from '@heed/event-store';
import { createLogger, LogConfig, NestPinoLogger, Redactor, runMain } from '@heed/service';
import { EngineConfig } from './engine.config';
import { customerKind } from './lifecycle/customer-kind';
import { startEngine } from './start-engine';

runMain(async () => {
  const { config, log } = loadConfigs({ config: EngineConfig, log: LogConfig }, process.env);
  if (config.apiKeys.length === 0) throw new Error('HEED_API_KEYS: expected at least one API key for the engine API');
  const logger = new NestPinoLogger(createLogger(log, Redactor.secretsOf(process.env)).pino);
  const client = connectStore(loadConfig(StoreConfig, process.env));
  const engine = await startEngine(config, { client, kind: customerKind(), logger });
  console.log(`Heed engine listening on ${engine.url} (metrics: /metrics)`);
  return async () => {
    await engine.stop();
    await client.dispose();
  };
});
