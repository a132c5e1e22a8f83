import { configProblems, loadConfig } from '@heed/config';
import { LogConfig } from './log.config';

describe('HEED_LOG_LEVEL', () => {
  it('is info by default, and any of pino’s levels or silent', () => {
    expect(loadConfig(LogConfig, {}).level).toBe('info');
    expect(loadConfig(LogConfig, { HEED_LOG_LEVEL: 'debug', NODE_ENV: 'production' })).toMatchObject({
      level: 'debug',
      nodeEnv: 'production',
    });
  });

  it('refuses anything else, naming the variable', () => {
    expect(configProblems(LogConfig, { HEED_LOG_LEVEL: 'loud' })).toEqual([
      expect.stringMatching(/^HEED_LOG_LEVEL: .*fatal.*silent.*, got "loud"$/),
    ]);
  });
});
