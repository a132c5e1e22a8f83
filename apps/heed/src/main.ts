import { runMain } from '@heed/service';
import { loadHeedConfig, startHeed } from './start-heed';

runMain(async () => {
  const heed = await startHeed(loadHeedConfig(process.env));
  const lines = [
    'Heed is running.',
    `  store:  ${heed.storeUrl}`,
    `  ingest: ${heed.ingestUrl}   (OpenAPI: ${heed.ingestUrl}/openapi.json)`,
    `  engine: ${heed.engineUrl}`,
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
  lines.push('Press Ctrl+C to stop.');
  console.log(lines.join('\n'));
  return () => heed.stop();
});
