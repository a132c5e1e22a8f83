export { ConfigError } from './config-error';
export { Env } from './env.decorator';
export { loadConfig } from './load-config';
