import { ConfigError } from '@heed/config';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadHeedConfig } from './start-heed';
import { TOOL_VARIABLES, unknownHeedVariableWarnings } from './unknown-heed-variables';

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadHeedConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe("Heed's configuration, as the all-in-one process reads it", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'heed-configuration-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports every faulty variable of every service at once, in the words of docs/configuration.md', () => {
    const file = join(dir, 'not-a-directory');
    writeFileSync(file, '');
    expect(
      problemsOf({
        HEED_DATA_DIR: file,
        HEED_STORE_SYNC: 'sometimes',
        HEED_INGEST_PORT: '70000',
        HEED_ENGINE_MAX_RETRIES: 'many',
        HEED_WRITE_KEYS: 'short',
      }),
    ).toEqual([
      'HEED_STORE_SYNC: expected one of "normal", "full", got "sometimes"',
      'HEED_INGEST_PORT: expected an integer from 0 to 65535, got "70000"',
      expect.stringMatching(
        /^HEED_WRITE_KEYS: expected comma-separated write keys, .* got a value of 5 characters \(not shown: it is secret\)$/,
      ),
      expect.stringMatching(/^HEED_ENGINE_MAX_RETRIES: expected an integer.*, got "many"$/),
      `HEED_DATA_DIR: expected a directory (or a path where one can be created), got ${JSON.stringify(file)}, which is a file`,
    ]);
  });

  it('reads a valid environment', () => {
    const config = loadHeedConfig({ HEED_DATA_DIR: join(dir, 'data'), HEED_INGEST_PORT: '4000' });
    expect(config.ingest.port).toBe(4000);
    expect(config.embeddedStore.dataDir).toBe(join(dir, 'data'));
    expect(config.storeUrl).toBeUndefined();
  });

  it('warns about a misspelt variable with the name it most likely means', () => {
    expect(unknownHeedVariableWarnings({ HEED_INGEST_PROT: '4000', HEED_DATADIR: '/x', PATH: '/bin' })).toEqual([
      'Warning: HEED_DATADIR is not a Heed variable and is ignored (did you mean HEED_DATA_DIR?)',
      'Warning: HEED_INGEST_PROT is not a Heed variable and is ignored (did you mean HEED_INGEST_PORT?)',
    ]);
  });

  it('knows every variable docs/configuration.md documents, and the tools read', () => {
    const doc = readFileSync(resolve(__dirname, '../../../docs/configuration.md'), 'utf8');
    const documented = [...doc.matchAll(/^\| `(HEED_[A-Z0-9_]+)`/gm)].map((m) => m[1]!);
    expect(documented.length).toBeGreaterThan(20);
    const env = Object.fromEntries([...documented, ...TOOL_VARIABLES].map((v) => [v, 'x']));
    expect(unknownHeedVariableWarnings(env)).toEqual([]);
  });

  it('knows the variables the connect destinations file names for its secrets', () => {
    const example = resolve(__dirname, '../../../config/connect.example.json');
    const env = {
      HEED_CONNECT_CONFIG: example,
      HEED_CONNECT_SLACK_SUCCESS_URL: 'x',
      HEED_CONNECT_TWILIO_AUTH: 'x',
      HEED_CONNECT_SLAK_FRAUD_URL: 'x',
    };
    expect(unknownHeedVariableWarnings(env)).toEqual([
      'Warning: HEED_CONNECT_SLAK_FRAUD_URL is not a Heed variable and is ignored (did you mean HEED_CONNECT_SLACK_FRAUD_URL?)',
    ]);
    // Without the file, the same secrets are unknown.
    expect(unknownHeedVariableWarnings({ HEED_CONNECT_TWILIO_AUTH: 'x' })).toHaveLength(1);
  });
});
