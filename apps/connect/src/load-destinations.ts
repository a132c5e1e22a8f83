import { ConfigError } from '@heed/config';
import { resolveDestinations, type Destination } from '@heed/connect';
import { readFileSync } from 'node:fs';
import type { ConnectConfig } from './connect.config';

/** Reads and validates the destinations file named by `HEED_CONNECT_CONFIG`; none configured: []. */
export function loadDestinations(
  config: ConnectConfig,
  env: Readonly<Record<string, string | undefined>>,
): Destination[] {
  if (config.file === undefined) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(config.file, 'utf8'));
  } catch (error) {
    throw new ConfigError([
      `HEED_CONNECT_CONFIG: could not read ${config.file} as JSON: ${error instanceof Error ? error.message : String(error)}`,
    ]);
  }
  return resolveDestinations(raw, env, config.file);
}
