import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error';
import { directoryProblem } from './directory-problem';
import { Env } from './env.decorator';
import { configProblems, loadConfig, loadConfigs } from './load-config';

class SampleConfig {
  @Env('HEED_SAMPLE_PORT')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  port = 3000;

  @Env('HEED_SAMPLE_DIR')
  @IsString()
  @MinLength(1)
  dataDir = './.heed';

  @Env('HEED_SAMPLE_SYNC')
  @IsIn(['normal', 'full'])
  synchronous = 'normal';

  @Env('HEED_SAMPLE_BATCH')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  batch = 10;

  @Env('HEED_SAMPLE_GROUP')
  @Matches(/^[a-z]+$/, { message: 'expected a group name of lowercase letters' })
  group = 'heed';

  @Env('HEED_SAMPLE_KEYS')
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : value))
  @IsString({ each: true })
  @MinLength(16, { each: true, message: 'each key must be at least 16 characters' })
  keys: string[] = [];
}

class OtherConfig {
  @Env('HEED_SAMPLE_PORT')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  port = 3000;

  @Env('HEED_SAMPLE_TIMEOUT_MS')
  @Type(() => Number)
  @IsInt()
  @Max(60_000)
  timeoutMs = 5000;
}

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = loadConfig(SampleConfig, {});
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe('./.heed');
  });

  it('reads and converts the variables that are set', () => {
    const config = loadConfig(SampleConfig, { HEED_SAMPLE_PORT: '4000', HEED_SAMPLE_DIR: '/var/heed', OTHER: 'x' });
    expect(config.port).toBe(4000);
    expect(config.dataDir).toBe('/var/heed');
  });

  it('says what was expected and what was given, in the words of the variable, never the property', () => {
    const attempt = () => loadConfig(SampleConfig, { HEED_SAMPLE_PORT: '70000' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow('HEED_SAMPLE_PORT: expected an integer from 0 to 65535, got "70000"');
  });

  it('reports every variable at fault at once', () => {
    const problems = configProblems(SampleConfig, {
      HEED_SAMPLE_PORT: 'abc',
      HEED_SAMPLE_SYNC: 'sometimes',
      HEED_SAMPLE_BATCH: '0',
      HEED_SAMPLE_GROUP: 'Heed!',
    });
    expect(problems).toEqual([
      'HEED_SAMPLE_PORT: expected an integer from 0 to 65535, got "abc"',
      'HEED_SAMPLE_SYNC: expected one of "normal", "full", got "sometimes"',
      'HEED_SAMPLE_BATCH: expected an integer of at least 1, got "0"',
      'HEED_SAMPLE_GROUP: expected a group name of lowercase letters, got "Heed!"',
    ]);
    for (const problem of problems) expect(problem).not.toMatch(/\b(port|synchronous|batch|group) must\b/);
  });

  it('never shows a secret, only its length', () => {
    const [problem] = configProblems(SampleConfig, { HEED_SAMPLE_KEYS: 'tiny-secret' });
    expect(problem).toBe(
      'HEED_SAMPLE_KEYS: each key must be at least 16 characters, got a value of 11 characters (not shown: it is secret)',
    );
    expect(problem).not.toContain('tiny-secret');
  });
});

describe('loadConfigs', () => {
  it('loads each configuration from the one environment', () => {
    const { sample, other } = loadConfigs({ sample: SampleConfig, other: OtherConfig }, { HEED_SAMPLE_PORT: '4000' });
    expect(sample.port).toBe(4000);
    expect(other.port).toBe(4000);
    expect(other.timeoutMs).toBe(5000);
  });

  it('reports the faults of every configuration at once, a variable read by several once', () => {
    let error: unknown;
    try {
      loadConfigs(
        { sample: SampleConfig, other: OtherConfig },
        { HEED_SAMPLE_PORT: '-1', HEED_SAMPLE_SYNC: 'never', HEED_SAMPLE_TIMEOUT_MS: '90000' },
        () => ['HEED_SAMPLE_DIR: expected a directory'],
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'HEED_SAMPLE_PORT: expected an integer from 0 to 65535, got "-1"',
      'HEED_SAMPLE_SYNC: expected one of "normal", "full", got "never"',
      'HEED_SAMPLE_TIMEOUT_MS: expected an integer of at most 60000, got "90000"',
      'HEED_SAMPLE_DIR: expected a directory',
    ]);
    expect((error as ConfigError).message).toBe(
      `Invalid configuration:\n${(error as ConfigError).problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  });
});

describe('directoryProblem', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'heed-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a directory, and a path where one can be created', () => {
    expect(directoryProblem('HEED_DATA_DIR', dir)).toBeUndefined();
    expect(directoryProblem('HEED_DATA_DIR', join(dir, 'not-yet'))).toBeUndefined();
  });

  it('names the variable when the path is a file, or under one', () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'x');
    expect(directoryProblem('HEED_DATA_DIR', file)).toBe(
      `HEED_DATA_DIR: expected a directory (or a path where one can be created), got ${JSON.stringify(file)}, which is a file`,
    );
    expect(directoryProblem('HEED_DATA_DIR', join(file, 'data'))).toMatch(
      /^HEED_DATA_DIR: expected a directory .* under a file$/,
    );
  });
});
