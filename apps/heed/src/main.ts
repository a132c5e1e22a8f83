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
    lines.push(`  development write key (HEED_WRITE_KEYS unset): ${heed.generated.writeKey}`);
  if (heed.generated.apiKey) lines.push(`  development API key (HEED_API_KEYS unset):     ${heed.generated.apiKey}`);
  lines.push('Press Ctrl+C to stop.');
  console.log(lines.join('\n'));
  return () => heed.stop();
});
