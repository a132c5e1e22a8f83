import { loadConfig } from '@heed/config';
import { IngestConfig } from '../ingest.config';
import { resolveWriteKeys } from './resolve-write-keys';

describe('resolving write keys', () => {
  it('keeps the configured keys and generates none', () => {
    const config = loadConfig(IngestConfig, { HEED_WRITE_KEYS: 'first-key-0123456789, second-key-0123456789' });
    const resolved = resolveWriteKeys(config, () => 'never');
    expect(resolved.config.writeKeys).toEqual(['first-key-0123456789', 'second-key-0123456789']);
    expect(resolved.generated).toBeUndefined();
  });

  it('generates a development key when none is configured, leaving the rest as configured', () => {
    const config = loadConfig(IngestConfig, { HEED_INGEST_PORT: '4000' });
    const resolved = resolveWriteKeys(config, () => 'heed_dev_generated');
    expect(resolved.generated).toBe('heed_dev_generated');
    expect(resolved.config.writeKeys).toEqual(['development:heed_dev_generated']);
    expect(resolved.config.port).toBe(4000);
    expect(config.writeKeys).toEqual([]);
  });

  it('refuses a write key too short to be secret', () => {
    expect(() => loadConfig(IngestConfig, { HEED_WRITE_KEYS: 'short' })).toThrow('HEED_WRITE_KEYS');
  });
});
