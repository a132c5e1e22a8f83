import { unknownVariables, unknownVariableWarning } from './unknown-variables';

const KNOWN = ['HEED_INGEST_PORT', 'HEED_ENGINE_PORT', 'HEED_DATA_DIR', 'HEED_WRITE_KEYS', 'HEED_STORE_SYNC'];

describe('unknown HEED_* variables', () => {
  it('finds the HEED_* variables no one reads, with the known name they most likely mean', () => {
    expect(
      unknownVariables(
        { HEED_INGEST_PROT: '4000', HEED_DATADIR: '/x', HEED_WRITE_KEY: 'k', HEED_INGEST_PORT: '1', PATH: '/bin' },
        KNOWN,
      ),
    ).toEqual([
      { variable: 'HEED_DATADIR', nearest: 'HEED_DATA_DIR' },
      { variable: 'HEED_INGEST_PROT', nearest: 'HEED_INGEST_PORT' },
      { variable: 'HEED_WRITE_KEY', nearest: 'HEED_WRITE_KEYS' },
    ]);
  });

  it('suggests nothing when no known name is close', () => {
    expect(unknownVariables({ HEED_FEATURE_FLAGS: 'on' }, KNOWN)).toEqual([{ variable: 'HEED_FEATURE_FLAGS' }]);
  });

  it('says nothing about known variables, or variables of others', () => {
    expect(unknownVariables({ HEED_DATA_DIR: '/x', HOME: '/root', NODE_ENV: 'production' }, KNOWN)).toEqual([]);
  });

  it('words the warning with the suggestion', () => {
    expect(unknownVariableWarning({ variable: 'HEED_INGEST_PROT', nearest: 'HEED_INGEST_PORT' })).toBe(
      'Warning: HEED_INGEST_PROT is not a Heed variable and is ignored (did you mean HEED_INGEST_PORT?)',
    );
    expect(unknownVariableWarning({ variable: 'HEED_X' })).toContain('docs/configuration.md');
  });
});
