import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ConfigError } from './config-error';
import { variableOf } from './env.decorator';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Builds a typed, validated configuration from environment variables.
 *
 * `schema` is a class whose properties carry `@Env('HEED_…')` and class-validator decorators
 * (plus `@Type(() => Number)` for numbers); defaults are property initialisers. The caller
 * passes the environment: libraries never read `process.env` themselves.
 *
 * @throws ConfigError naming every variable at fault, the value it had and what was expected.
 */
export function loadConfig<T extends object>(schema: new () => T, env: Env): T {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(schema, defined, { excludeExtraneousValues: true, exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length === 0) return config;
  throw new ConfigError(
    errors.map((e) => {
      const variable = variableOf(schema, e.property) ?? e.property;
      const got = variable in defined ? JSON.stringify(defined[variable]) : 'its default';
      return `${variable}: ${Object.values(e.constraints ?? {}).join('; ')} (got ${got})`;
    }),
  );
}
