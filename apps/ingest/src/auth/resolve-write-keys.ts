import type { IngestConfig } from '../ingest.config';
import { KeyRing } from '@heed/service';

const generateWriteKey = (): string => KeyRing.generate('heed_dev');

/** The configured write keys, and the development key generated when none was configured. */
export interface ResolvedWriteKeys {
  readonly config: IngestConfig;
  /** Set when a key was generated: show it to the developer (it is not stored anywhere). */
  readonly generated?: string;
}

/**
 * Makes sure ingest has a write key. With `HEED_WRITE_KEYS` set, the configuration is returned as
 * is. Without, for development only (`npm start`), a random key is generated for this run; the
 * caller prints it so that the developer can send events. Production sets `HEED_WRITE_KEYS`.
 */
export function resolveWriteKeys(config: IngestConfig, generate: () => string = generateWriteKey): ResolvedWriteKeys {
  if (config.writeKeys.length > 0) return { config };
  const generated = generate();
  return { config: { ...config, writeKeys: [generated] }, generated };
}
