import { ReplayError, renderMarkdown, type WhatIfReport } from '@heed/replay';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { runWhatIf, type CustomerSelection, type WhatIfOptions } from './run-whatif';

const integer = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a non-negative integer, got ${value}`);
  return n;
};

/**
 * `--customers all`, `--customers sample 500` (or `sample:500`), or customer ids separated by
 * commas or spaces.
 */
export function parseSelection(words: readonly string[], seed: number): CustomerSelection {
  const parts = words.flatMap((w) => w.split(/[\s,]+/)).filter((w) => w !== '');
  const [first, second] = parts;
  if (parts.length === 1 && first === 'all') return { kind: 'all' };
  const sample = /^sample(?::|=)?(\d*)$/.exec(first ?? '');
  if (sample !== null) {
    const size = sample[1] !== '' ? sample[1] : second;
    const n = Number(size);
    if (size === undefined || !Number.isInteger(n) || n <= 0 || parts.length > (sample[1] !== '' ? 1 : 2))
      throw new ReplayError(
        'INVALID_OPTION',
        `--customers: expected "sample <n>" with n a positive integer, got "${words.join(' ')}"`,
      );
    return { kind: 'sample', size: n, seed };
  }
  if (parts.length === 0)
    throw new ReplayError('INVALID_OPTION', '--customers: expected all, sample <n>, or customer ids');
  return { kind: 'ids', ids: parts };
}

type Options = {
  change?: string;
  machine?: string;
  current?: string;
  customers: string[];
  seed: number;
  from?: string;
  to?: string;
  store: string;
  format: 'md' | 'json';
  out?: string;
  workers: number;
  truth?: string;
  examples: number;
  progress: boolean;
};

/** The `whatif` command line (docs/whatif.md). */
export function whatIfCommand(): Command {
  return new Command('whatif')
    .description(
      'Fold customers’ recorded inputs through the current lifecycle machine and a changed one, and report how their decisions differ. Reads the store only.',
    )
    .option('--change <file.json>', 'lifecycle settings the changed machine runs with, over the current ones')
    .option(
      '--machine <module>',
      'a machine module the changed side runs (exports definition, createMachine or machine)',
    )
    .option('--current <file.json>', 'settings of the deployed machine, when it does not run the defaults')
    .option('--customers <spec...>', 'all, sample <n>, or customer ids (commas or spaces)', ['all'])
    .option('--seed <n>', 'seed of a sample', integer, 1)
    .option('--from <date>', 'report decisions from this instant (earlier inputs are folded, not reported)')
    .option('--to <date>', "horizon: fold no input after it, fire timers due by it (default: the store's latest input)")
    .option(
      '--store <url>',
      'EventStoreDB connection string (env HEED_STORE_URL)',
      process.env.HEED_STORE_URL ?? 'esdb://127.0.0.1:2113?tls=false',
    )
    .addOption(new Option('--format <format>', 'report format').choices(['md', 'json']).default('md'))
    .option('--out <file>', 'write the report to a file instead of standard output')
    .option('--workers <n>', 'worker threads (0: fold in the main thread)', integer, availableParallelism())
    .option('--truth <file>', 'ground truth of a simulated population (npm run simulate -- --out: <file>.truth.ndjson)')
    .option('--examples <n>', 'example customers per kind of change', integer, 3)
    .option('--no-progress', 'no progress bar')
    .addHelpText(
      'after',
      '\nExamples:\n  npm run whatif -- --change at-risk-55.json\n  npm run whatif -- --change at-risk-55.json --customers sample 1000 --seed 7 --format json --out report.json\n  npm run whatif -- --machine ./my-machine.ts --customers c-1,c-2 --from 2026-02-01',
    );
}

/** Where a report goes and whether progress is shown. */
export type ReportOutput = Readonly<{ format: 'md' | 'json'; out?: string; progress: boolean }>;

/**
 * Runs a what-if with a progress bar (on a terminal, on standard error: customers, inputs, rate,
 * ETA) and writes its report to standard output or a file.
 */
export async function runAndReport(
  whatIf: Omit<WhatIfOptions, 'onStart' | 'onProgress'>,
  output: ReportOutput,
): Promise<WhatIfReport> {
  const showProgress = output.progress && process.stderr.isTTY;
  const bar = new SingleBar({
    stream: process.stderr,
    format:
      'folding {bar} {percentage}% | {value}/{total} customers | {inputs} inputs | {rate} inputs/s | ETA {eta_formatted}',
    etaBuffer: 50,
    hideCursor: true,
  });
  // The rate counts from the first fold, not from the listing of customers.
  let started = Date.now();
  if (showProgress && whatIf.customers.kind !== 'ids') console.error('listing customers from $ce-customer…');
  const report = await runWhatIf({
    ...whatIf,
    onStart: (customers) => {
      started = Date.now();
      if (showProgress) bar.start(customers, 0, { inputs: 0, rate: 0 });
    },
    onProgress: (customers, inputs) => {
      if (!showProgress) return;
      const seconds = (Date.now() - started) / 1000;
      bar.update(customers, {
        inputs: inputs.toLocaleString('en-US'),
        rate: Math.round(inputs / Math.max(seconds, 0.001)).toLocaleString('en-US'),
      });
    },
  }).finally(() => {
    if (showProgress) bar.stop();
  });
  const text = output.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderMarkdown(report);
  if (output.out === undefined) process.stdout.write(text);
  else {
    writeFileSync(output.out, text);
    console.error(`wrote ${output.out}`);
  }
  const { summary } = report;
  console.error(
    `${summary.customers} customers, ${summary.inputs} inputs folded in ${report.run.seconds.toFixed(1)} s on ${report.run.workers} workers: decisions differ for ${summary.decisionsDiffer}`,
  );
  return report;
}

/** Runs the command line: the report to standard output or `--out`, progress to standard error. */
export async function runWhatIfCommand(argv: readonly string[]): Promise<WhatIfReport> {
  const command = whatIfCommand();
  command.parse(argv);
  const options = command.opts<Options>();
  return runAndReport(
    {
      ...(options.change !== undefined && { changeFile: options.change }),
      ...(options.machine !== undefined && { machine: options.machine }),
      ...(options.current !== undefined && { currentFile: options.current }),
      customers: parseSelection(options.customers, options.seed),
      ...(options.from !== undefined && { from: options.from }),
      ...(options.to !== undefined && { to: options.to }),
      storeUrl: options.store,
      workers: options.workers,
      ...(options.truth !== undefined && { truthFile: options.truth }),
      examples: options.examples,
    },
    { format: options.format, ...(options.out !== undefined && { out: options.out }), progress: options.progress },
  );
}
