import { Command, InvalidArgumentError } from 'commander';

/** Parses a non-negative integer option. */
export const integerOption = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a non-negative integer, got ${value}`);
  return n;
};

/** The options every sending command shares: where ingest is, its write key, the pace. */
export type TargetOptions = { url: string; writeKey?: string; rate: number; batch: number; progress: boolean };

/**
 * Adds `--url`, `--write-key`, `--rate`, `--batch`, `--no-progress`. The defaults are those of
 * `npm start`; its development write key is random per run, so it must be given (flag or
 * `HEED_WRITE_KEY`).
 */
export function withTargetOptions(command: Command, defaultRate: number): Command {
  return command
    .option('--url <url>', 'ingest URL (env HEED_INGEST_URL)', process.env.HEED_INGEST_URL ?? 'http://127.0.0.1:3000')
    .option(
      '--write-key <key>',
      'write key: the one `npm start` printed, or one of HEED_WRITE_KEYS (env HEED_WRITE_KEY)',
      process.env.HEED_WRITE_KEY,
    )
    .option('--rate <events/s>', 'events per second, 0 for as fast as ingest takes them', integerOption, defaultRate)
    .option('--batch <n>', 'calls per /v1/batch request', integerOption, 100)
    .option('--no-progress', 'no progress bar');
}
