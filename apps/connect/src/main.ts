import { loadConfig, loadConfigs } from '@heed/config';
import { connectStore, StoreConfig } from '@heed/event-store';
import {
  createLogger,
  createMetricsRegistry,
  LogConfig,
  NestPinoLogger,
  Redactor,
  runMain,
  serveMetricsPort,
} from '@heed/service';
import { ConnectConfig } from './connect.config';
import { ConnectMetricsConfig } from './metrics/connect-metrics.config';
import { startConnect } from './start-connect';

runMain(async () => {
  const { config, metricsPort, log } = loadConfigs(
    { config: ConnectConfig, metricsPort: ConnectMetricsConfig, log: LogConfig },
    process.env,
  );
  const logger = new NestPinoLogger(createLogger(log, Redactor.secretsOf(process.env)).pino);
  const client = connectStore(loadConfig(StoreConfig, process.env));
  const metrics = createMetricsRegistry();
  const connect = await startConnect(config, { client, env: process.env, logger, metrics });
  const served =
    metricsPort.port === undefined ? undefined : await serveMetricsPort(metrics, metricsPort.host, metricsPort.port);
  console.log(connect.summary);
  if (served !== undefined) console.log(`Heed connect metrics: ${served.url}/metrics`);
  return async () => {
    await served?.stop();
    await connect.stop();
    await client.dispose();
  };
});
