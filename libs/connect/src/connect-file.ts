import 'reflect-metadata';
import { ConfigError } from '@heed/config';
import { commandCatalog } from '@heed/domain';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { DESTINATION_KINDS, type Destination, type DestinationKind } from './destination';

const COMMAND_TYPES = commandCatalog.map((c) => c.type);
const ENV_NAME = /^HEED_[A-Z0-9_]+$/;
const envMessage = { message: '$property: expected the name of a HEED_… environment variable' };

/** One destination as written in the configuration file (`config/connect.json`). */
export class DestinationEntry {
  @Matches(/^[a-z0-9][a-z0-9-]{0,47}$/, { message: 'name: expected lowercase letters, digits and -' })
  name!: string;

  @IsIn(DESTINATION_KINDS)
  kind!: DestinationKind;

  @IsArray()
  @ArrayMinSize(1)
  @IsIn(COMMAND_TYPES, { each: true, message: `each command must be one of ${COMMAND_TYPES.join(', ')}` })
  commands!: string[];

  /** The URL, when it is not a secret; else `urlEnv`. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'url: expected an http(s) URL' })
  url?: string;

  /** The variable holding the URL (a Slack incoming-webhook URL is a secret). */
  @IsOptional()
  @Matches(ENV_NAME, envMessage)
  urlEnv?: string;

  /** The variable holding the signing secrets, comma-separated, the newest first. */
  @IsOptional()
  @Matches(ENV_NAME, envMessage)
  secretsEnv?: string;

  /** The variable holding a bearer token (SendGrid-style API key). */
  @IsOptional()
  @Matches(ENV_NAME, envMessage)
  bearerTokenEnv?: string;

  /** The variable holding `user:password` for basic auth (Twilio-style account SID and token). */
  @IsOptional()
  @Matches(ENV_NAME, envMessage)
  basicAuthEnv?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(320)
  from?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(320)
  to?: string;

  @IsIn(['start', 'end'])
  startFrom: 'start' | 'end' = 'end';

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(0.5)
  holdout = 0;

  @IsInt()
  @Min(1)
  @Max(100)
  maxAttempts = 8;

  @IsInt()
  @Min(100)
  @Max(120_000)
  timeoutMs = 10_000;

  @IsInt()
  @Min(1)
  @Max(1_000)
  concurrency = 16;

  @IsOptional()
  @IsInt()
  @Min(1)
  ratePerSecond?: number;

  @IsInt()
  @Min(1)
  backoffInitialMs = 500;

  @IsInt()
  @Min(1)
  @Max(3_600_000)
  backoffMaxMs = 60_000;

  @IsInt()
  @Min(1)
  breakerFailureThreshold = 5;

  @IsInt()
  @Min(10)
  breakerOpenMs = 30_000;
}

/** The configuration file of `apps/connect`: which command types go to which destination. */
export class ConnectFile {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DestinationEntry)
  destinations!: DestinationEntry[];
}

type Env = Readonly<Record<string, string | undefined>>;

const flatten = (errors: readonly ValidationError[], path: string): string[] =>
  errors.flatMap((e) => {
    const here =
      path === '' ? e.property : /^\d+$/.test(e.property) ? `${path}[${e.property}]` : `${path}.${e.property}`;
    const own = Object.values(e.constraints ?? {}).map((c) => `${here}: ${c} (got ${JSON.stringify(e.value)})`);
    return [...own, ...flatten(e.children ?? [], here)];
  });

/** The fields of a destination that name an environment variable. */
const ENV_FIELDS = ['urlEnv', 'secretsEnv', 'bearerTokenEnv', 'basicAuthEnv'] as const;

/**
 * The `HEED_…` variables a parsed configuration file names for its URLs and secrets, valid or not:
 * they are read by connect, so a process should not warn about them as unknown.
 */
export function variablesNamedBy(raw: unknown): string[] {
  const destinations = (raw as { destinations?: unknown } | null)?.destinations;
  if (!Array.isArray(destinations)) return [];
  return destinations.flatMap((d: unknown) =>
    typeof d === 'object' && d !== null
      ? ENV_FIELDS.map((field) => (d as Record<string, unknown>)[field]).filter(
          (v): v is string => typeof v === 'string' && ENV_NAME.test(v),
        )
      : [],
  );
}

/**
 * Validates the parsed configuration file and resolves each destination's URL and secrets from
 * `env`. Secret values never appear in errors, only the variables' names.
 *
 * @param source where the file came from, for error messages.
 * @throws ConfigError listing every problem with its path (`destinations[1].url: …`).
 */
export function resolveDestinations(raw: unknown, env: Env, source = 'connect configuration'): Destination[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ConfigError([`${source}: expected an object { "destinations": [...] }`]);
  const file = plainToInstance(ConnectFile, raw, { exposeDefaultValues: true });
  const problems = flatten(
    validateSync(file, { forbidUnknownValues: true, whitelist: true, forbidNonWhitelisted: true }),
    '',
  );
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `${source}: ${p}`));
  const seen = new Set<string>();
  const destinations = file.destinations.map((d, i) => {
    const at = `${source}: destinations[${i}]`;
    const fromEnv = (variable: string | undefined, field: string): string | undefined => {
      if (variable === undefined) return undefined;
      const value = env[variable];
      if (value === undefined || value === '') problems.push(`${at}.${field}: ${variable} is not set`);
      return value;
    };
    if (seen.has(d.name)) problems.push(`${at}.name: "${d.name}" is used twice; expected unique names`);
    seen.add(d.name);
    if ((d.url === undefined) === (d.urlEnv === undefined))
      problems.push(`${at}: expected exactly one of url and urlEnv`);
    const url = d.url ?? fromEnv(d.urlEnv, 'urlEnv') ?? '';
    if (d.urlEnv !== undefined && url !== '' && !/^https?:\/\/\S+$/.test(url))
      problems.push(`${at}.urlEnv: ${d.urlEnv} does not hold an http(s) URL`);
    const secrets = (fromEnv(d.secretsEnv, 'secretsEnv') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    if (d.kind === 'webhook' && d.secretsEnv === undefined)
      problems.push(`${at}.secretsEnv: a webhook destination must be signed; expected a variable with its secrets`);
    if (secrets.some((s) => s.length < 16))
      problems.push(`${at}.secretsEnv: each secret must be at least 16 characters`);
    if ((d.kind === 'sms' || d.kind === 'email') && (d.from === undefined || d.to === undefined))
      problems.push(`${at}: an ${d.kind} destination needs from and to`);
    if (d.bearerTokenEnv !== undefined && d.basicAuthEnv !== undefined)
      problems.push(`${at}: expected at most one of bearerTokenEnv and basicAuthEnv`);
    const bearer = fromEnv(d.bearerTokenEnv, 'bearerTokenEnv');
    const basic = fromEnv(d.basicAuthEnv, 'basicAuthEnv');
    if (d.backoffMaxMs < d.backoffInitialMs) problems.push(`${at}.backoffMaxMs: expected at least backoffInitialMs`);
    return {
      name: d.name,
      kind: d.kind,
      commands: [...new Set(d.commands)],
      url,
      secrets,
      authorization:
        bearer !== undefined
          ? `Bearer ${bearer}`
          : basic !== undefined
            ? `Basic ${Buffer.from(basic).toString('base64')}`
            : undefined,
      from: d.from,
      to: d.to,
      startFrom: d.startFrom,
      holdout: d.holdout,
      policy: {
        maxAttempts: d.maxAttempts,
        timeoutMs: d.timeoutMs,
        concurrency: d.concurrency,
        ratePerSecond: d.ratePerSecond,
        backoffInitialMs: d.backoffInitialMs,
        backoffMaxMs: d.backoffMaxMs,
        breakerFailureThreshold: d.breakerFailureThreshold,
        breakerOpenMs: d.breakerOpenMs,
      },
    } satisfies Destination;
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return destinations;
}
