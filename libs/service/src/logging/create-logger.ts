import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogConfig } from './log.config';
import { REDACTED, Redactor } from './redactor';

/** Fields that hold secrets wherever they appear in a logged object (one level deep). */
const SECRET_FIELDS = [
  'authorization',
  'writeKey',
  'writeKeys',
  'apiKey',
  'apiKeys',
  'secret',
  'password',
  'token',
  'signingSecret',
];
const REDACT_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
  'headers.authorization',
  'req.headers.authorization',
  '*.headers.authorization',
  'headers["x-api-key"]',
];

export interface HeedLogger {
  /** The pino logger: JSON lines in production, pretty otherwise. */
  readonly pino: Logger;
  /** What takes secrets out of messages; add secrets learnt after start to it. */
  readonly redactor: Redactor;
}

/**
 * A pino logger for a Heed process. `NODE_ENV=production` writes one JSON object a line (for a log
 * collector); otherwise lines are pretty-printed for a terminal. Secrets never reach the output:
 * fields named like secrets are replaced by `[redacted]`, and so are the `secrets` given (the
 * configured keys) and any Bearer/Basic credentials inside messages.
 */
export function createLogger(
  config: Pick<LogConfig, 'level' | 'nodeEnv'>,
  secrets: Iterable<string> = [],
  destination?: DestinationStream,
): HeedLogger {
  const redactor = new Redactor(secrets);
  const scrub = (value: unknown): unknown => {
    if (typeof value === 'string') return redactor.redact(value);
    if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Error) return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? redactor.redact(v) : v]),
    );
  };
  const options: pino.LoggerOptions = {
    level: config.level,
    base: { pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map(scrub) as Parameters<typeof method>);
      },
    },
    formatters: { level: (label) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  const production = config.nodeEnv === 'production';
  const stream =
    destination ??
    (production
      ? pino.destination({ dest: 1, sync: true })
      : pretty({
          sync: true,
          colorize: process.stdout.isTTY,
          ignore: 'pid,hostname,context',
          messageFormat: '{if context}[{context}] {end}{msg}',
          translateTime: 'SYS:HH:MM:ss.l',
        }));
  return { pino: pino(options, stream), redactor };
}
