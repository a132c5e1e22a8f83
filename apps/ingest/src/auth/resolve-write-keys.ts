import type { IngestConfig } from '../ingest.config';
import { KeyRing } from '@heed/service';
import { DEVELOPMENT_SOURCE } from './write-keys';

const generateWriteKey = (): string => KeyRing.generate('heed_dev');

/** The configured write keys, and the development key generated when none was configured. */
export interface ResolvedWriteKeys {
  readonly config: IngestConfig;
  /** Set when a key was generated (or `generate` read it from the data directory): show it to the developer. */
  readonly generated?: string;
}

/**
 * Makes sure ingest has a write key. With `HEED_WRITE_KEYS` set, the configuration is returned as
 * is. Without, for development only (`npm start`), `generate` gives the development key (the
 * all-in-one process keeps it in the data directory), of the source `development`; the caller
 * prints it so that the developer can send events. Production sets `HEED_WRITE_KEYS`.
 */
export function resolveWriteKeys(config: IngestConfig, generate: () => string = generateWriteKey): ResolvedWriteKeys {
  if (config.writeKeys.length > 0) return { config };
  const generated = generate();
  // Of the source `development`: a message retried after the key was regenerated is still a duplicate.
  return { config: { ...config, writeKeys: [`${DEVELOPMENT_SOURCE}:${generated}`] }, generated };
}
