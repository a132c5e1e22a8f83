import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ConfigError } from './config-error';
import { variableOf } from './env.decorator';
import { expectationOf } from './expectation';

type Env = Readonly<Record<string, string | undefined>>;
type Schema<T> = new () => T;

/** Variables whose values are secrets: an error says how long the value was, never what it was. */
const SECRET = /(^|_)(KEYS?|SECRET|PASSWORD|TOKEN)(_|$)/;

const defined = (env: Env): Record<string, string> =>
  Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));

function given(variable: string, values: Readonly<Record<string, string>>): string {
  const value = values[variable];
  if (value === undefined) return 'nothing (its default)';
  if (SECRET.test(variable)) return `a value of ${value.length} characters (not shown: it is secret)`;
  return JSON.stringify(value);
}

/**
 * What is wrong with the configuration a schema reads from `env`: one line per variable at fault,
 * `HEED_INGEST_PORT: expected an integer from 0 to 65535, got "70000"`. Empty when it is valid.
 */
export function configProblems<T extends object>(schema: Schema<T>, env: Env): string[] {
  return read(schema, env).problems;
}

function read<T extends object>(schema: Schema<T>, env: Env): { config: T; problems: string[] } {
  const values = defined(env);
  const config = plainToInstance(schema, values, { excludeExtraneousValues: true, exposeDefaultValues: true });
  const problems = validateSync(config, { forbidUnknownValues: true }).map((e) => {
    const variable = variableOf(schema, e.property) ?? e.property;
    const expected = expectationOf(schema, e.property, Object.keys(e.constraints ?? {}));
    return `${variable}: ${expected}, got ${given(variable, values)}`;
  });
  return { config, problems };
}

/**
 * Builds a typed, validated configuration from environment variables.
 *
 * `schema` is a class whose properties carry `@Env('HEED_…')` and class-validator decorators
 * (plus `@Type(() => Number)` for numbers); defaults are property initialisers. The caller
 * passes the environment: libraries never read `process.env` themselves.
 *
 * @throws ConfigError naming every variable at fault, the value it had and what was expected.
 */
export function loadConfig<T extends object>(schema: Schema<T>, env: Env): T {
  const { config, problems } = read(schema, env);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * Loads several configurations from one environment, as a process made of several services does,
 * and reports every variable at fault in all of them at once (a variable that several read is
 * named once). `extra` adds problems found beyond the schemas (a path that is a file, say).
 *
 * @throws ConfigError naming every variable at fault.
 */
export function loadConfigs<S extends Record<string, Schema<object>>>(
  schemas: S,
  env: Env,
  extra: (configs: { [K in keyof S]: InstanceType<S[K]> }) => readonly string[] = () => [],
): { [K in keyof S]: InstanceType<S[K]> } {
  const problems = new Set<string>();
  const configs = {} as { [K in keyof S]: InstanceType<S[K]> };
  for (const key of Object.keys(schemas) as Array<keyof S>) {
    const { config, problems: own } = read(schemas[key]!, env);
    own.forEach((p) => problems.add(p));
    configs[key] = config as InstanceType<S[typeof key]>;
  }
  extra(configs).forEach((p) => problems.add(p));
  if (problems.size > 0) throw new ConfigError([...problems]);
  return configs;
}
