import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { ConfigError } from './config-error';
import { Env } from './env.decorator';
import { loadConfig } from './load-config';

class SampleConfig {
  @Env('HEED_PORT')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  port = 3000;

  @Env('HEED_DATA_DIR')
  @IsString()
  dataDir = './.heed';
}

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = loadConfig(SampleConfig, {});
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe('./.heed');
  });

  it('reads and converts the variables that are set', () => {
    const config = loadConfig(SampleConfig, { HEED_PORT: '4000', HEED_DATA_DIR: '/var/heed', OTHER: 'x' });
    expect(config.port).toBe(4000);
    expect(config.dataDir).toBe('/var/heed');
  });

  it('fails naming the variable at fault and what was expected', () => {
    const attempt = () => loadConfig(SampleConfig, { HEED_PORT: '70000' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow('HEED_PORT: port must not be greater than 65535 (got "70000")');
  });
});
