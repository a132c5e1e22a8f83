import { createLogger, NestPinoLogger, Redactor, runMain } from '@heed/service';
import { ENGINE_OPENAPI_PATH } from '../../engine/src/openapi/engine-openapi';
import { quickStartExports } from './quick-start-exports';
import { loadHeedConfig, startHeed } from './start-heed';
import { unknownHeedVariableWarnings } from './unknown-heed-variables';

runMain(async () => {
  // Before the configuration is read: a misspelt variable may be why it is invalid.
  for (const warning of unknownHeedVariableWarnings(process.env)) console.warn(warning);
  const config = loadHeedConfig(process.env);
  const logging = createLogger(config.log, Redactor.secretsOf(process.env));
  const heed = await startHeed(config, new NestPinoLogger(logging.pino));
  // Development keys are printed below for the person who started Heed, never logged.
  logging.redactor.add(Object.values(heed.generated).filter((k): k is string => k !== undefined));
  const lines = [
    'Heed is running.',
    `  store:  ${heed.storeUrl}`,
    `  ingest: ${heed.ingestUrl}   (OpenAPI: ${heed.ingestUrl}/openapi.json)`,
    `  engine: ${heed.engineUrl}   (Studio: ${heed.engineUrl}/, OpenAPI: ${heed.engineUrl}${ENGINE_OPENAPI_PATH})`,
    `  metrics: ${heed.engineUrl}/metrics   (every part of this process; the same on the ingest port)`,
  ];
  if (heed.generated.writeKey)
    lines.push(
      `  development write key (HEED_WRITE_KEYS unset): ${heed.generated.writeKey}`,
      `    send with: Authorization: Bearer ${heed.generated.writeKey}`,
    );
  if (heed.generated.apiKey)
    lines.push(
      `  development API key (HEED_API_KEYS unset):     ${heed.generated.apiKey}`,
      `    query with: Authorization: Bearer ${heed.generated.apiKey}`,
    );
  if (heed.generated.writeKey || heed.generated.apiKey)
    lines.push(`  (kept in ${heed.dataDir}/development-keys.json: the same keys on every start)`);
  lines.push(
    '  In another terminal, for the quick start of README.md and `npm run demo`, paste:',
    `    ${quickStartExports(heed)}`,
    'Press Ctrl+C to stop.',
  );
  console.log(lines.join('\n'));
  return () => heed.stop();
});
