import { KeyRing } from '@heed/service';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The keys `npm start` uses when none is configured: generated once, kept in the data directory. */
export interface DevelopmentKeys {
  readonly writeKey: string;
  readonly apiKey: string;
}

const FILE = 'development-keys.json';

/**
 * The development keys of a data directory: read from `development-keys.json`, or generated and
 * written there (readable by the owner only) on the first start. So yesterday's key still works,
 * and a producer retrying with it is still deduplicated. Production configures `HEED_WRITE_KEYS`
 * and `HEED_API_KEYS` instead.
 */
export function developmentKeys(dataDir: string): DevelopmentKeys {
  const file = join(dataDir, FILE);
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<DevelopmentKeys>;
    if (typeof stored.writeKey === 'string' && typeof stored.apiKey === 'string') {
      return { writeKey: stored.writeKey, apiKey: stored.apiKey };
    }
  }
  const keys = { writeKey: KeyRing.generate('heed_dev'), apiKey: KeyRing.generate('heed_api_dev') };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}
