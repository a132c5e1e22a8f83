/**
 * `npm run bench:whatif [-- --full] [--workers <n>]`: how fast the what-if folds, on every core.
 *
 * Customers of 100 signals each (simulated customers' first 100, in stored form) are folded
 * through the current lifecycle machine and a changed one (`atRiskScore` 62 → 50) by the what-if's
 * own pool of worker threads: reading (from memory here: the store is not measured), the runtime's
 * `step` with timers in event time, the comparison of decisions. Beside it, in the same run, the
 * limit: a bare `transition()` loop of the lifecycle machine over the same signals on as many
 * worker threads, measured before and after the what-if (their mean). Both are counted in
 * transitions: the what-if takes each event through two machines.
 *
 * Short by default (2,000 customers); `--full` folds 10,000 customers × 100 events (1,000,000
 * events), the size of the goal: ≥ 70 % of the limit, 1,000,000 events in ≤ 60 s with the workers'
 * start.
 *
 * Then the whole command, end to end: the same kind of customers stored in an embedded store running
 * as its own process (`--store-customers`, default 1,000), listed from `$ce-customer`, read and
 * folded by `runWhatIf`, beside the bare read of the same streams (one client, 32 reads at a time,
 * nothing folded). The last line printed is the figures as JSON (scripts/bench/bench-result.ts).
 */
import { EventStoreDBClient, jsonEvent, type JSONType } from '@eventstore/db-client';
import { customerStream } from '@heed/event-store';
import { Command, InvalidArgumentError } from 'commander';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BenchFigure, BenchResult } from '../../../scripts/bench/bench-result';
import { startStoreProcess } from '../../../scripts/bench/store-process';
import { readHistory } from '../src/whatif/customer-histories';
import { runWhatIf } from '../src/whatif/run-whatif';
import type { FoldJob } from '../src/whatif/customer-folder';
import { foldCustomers } from '../src/whatif/fold-pool';
import { summarizeComparisons } from '@heed/replay';
import { templateHistories, templateOf, type GeneratedHistoriesOptions } from './generated-histories';

const integer = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive integer, got ${value}`);
  return n;
};
const command = new Command('bench:whatif')
  .option('--full', 'fold 10,000 customers × 100 events (the goal’s size) instead of 2,000')
  .option('--customers <n>', 'customers to fold (overrides --full)', integer)
  .option('--workers <n>', 'worker threads', integer, availableParallelism())
  .option('--store-customers <n>', 'customers of the end-to-end run from the embedded store', integer, 1_000);
command.parse(process.argv);
const cli = command.opts<{ full?: boolean; customers?: number; workers: number; storeCustomers: number }>();

const customers = cli.customers ?? (cli.full === true ? 10_000 : 2_000);
const workers = cli.workers;
const EVENTS = 100;
const histories: GeneratedHistoriesOptions = { eventsPerCustomer: EVENTS, templates: 100, seed: 1 };
const ids = Array.from({ length: customers }, (_, i) => `c-${i}`);
const events = customers * EVENTS;
const ts = extname(__filename) === '.ts';
const execArgv = ts ? ['--require', '@swc-node/register'] : [];

/** The bare loop on `workers` threads, each over its share of the customers: transitions per second. */
async function bareLoop(): Promise<{ perSecond: number; seconds: number }> {
  const shares = Array.from({ length: workers }, (_, w) => ids.filter((_, i) => i % workers === w));
  const results = await Promise.all(
    shares.map(
      (share) =>
        new Promise<{ transitions: number; ms: number }>((resolve, reject) => {
          const worker = new Worker(join(__dirname, `bare-transition.worker${extname(__filename)}`), {
            workerData: { options: histories, customerIds: share },
            execArgv,
          });
          worker.once('message', (m: { transitions: number; ms: number }) => {
            resolve(m);
            void worker.terminate();
          });
          worker.once('error', reject);
        }),
    ),
  );
  const transitions = results.reduce((sum, r) => sum + r.transitions, 0);
  // The workers run side by side: the slowest one is the loop's time.
  const seconds = Math.max(...results.map((r) => r.ms)) / 1000;
  return { perSecond: transitions / seconds, seconds };
}

async function whatIf(): Promise<{ foldSeconds: number; wholeSeconds: number; differ: number }> {
  const { histories: templates } = templateHistories(histories);
  const last = Math.max(...templates.map((h) => Date.parse((h.at(-1)!.data as { occurredAt: string }).occurredAt)));
  const job: FoldJob = {
    pair: { current: { settings: {} }, changed: { settings: { atRiskScore: 50 } } },
    source: {
      kind: 'module',
      module: join(__dirname, `generated-histories${extname(__filename)}`),
      options: histories,
    },
    window: { toMs: last, horizonMs: last },
  };
  const started = performance.now();
  let ready = started;
  const result = await foldCustomers(job, ids, { workers, onReady: () => (ready = performance.now()) });
  const done = performance.now();
  if (result.comparisons.length !== customers) throw new Error(`folded ${result.comparisons.length} of ${customers}`);
  const summary = summarizeComparisons(result.comparisons);
  if (summary.inputs !== events) throw new Error(`folded ${summary.inputs} events, expected ${events}`);
  return { foldSeconds: (done - ready) / 1000, wholeSeconds: (done - started) / 1000, differ: summary.decisionsDiffer };
}

/** The whole command against an embedded store in its own process, and the bare read of the same streams. */
async function fromStore(): Promise<{ seconds: number; inputs: number; readSeconds: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'heed-whatif-bench-'));
  const store = await startStoreProcess(dataDir);
  const client = EventStoreDBClient.connectionString(store.url);
  try {
    const { histories: templates } = templateHistories(histories);
    const storeIds = Array.from({ length: cli.storeCustomers }, (_, i) => `store-${i}`);
    for (const id of storeIds) {
      const history = templates[templateOf(id, templates.length)]!;
      await client.appendToStream(
        customerStream(id),
        history.map((input) => jsonEvent({ type: input.type, data: input.data as JSONType })),
      );
    }
    const changeFile = join(dataDir, 'change.json');
    writeFileSync(changeFile, JSON.stringify({ atRiskScore: 50 }));
    const started = performance.now();
    const report = await runWhatIf({ changeFile, customers: { kind: 'all' }, storeUrl: store.url, workers });
    const seconds = (performance.now() - started) / 1000;
    const readStarted = performance.now();
    let read = 0;
    for (let i = 0; i < storeIds.length; i += 32) {
      const batch = await Promise.all(storeIds.slice(i, i + 32).map((id) => readHistory(client, id)));
      read += batch.reduce((sum, h) => sum + (h?.length ?? 0), 0);
    }
    const readSeconds = (performance.now() - readStarted) / 1000;
    if (read !== report.summary.inputs)
      throw new Error(`read ${read} inputs, the what-if folded ${report.summary.inputs}`);
    return { seconds, inputs: report.summary.inputs, readSeconds };
  } finally {
    await client.dispose();
    await store.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const round = (n: number, digits = 0): number => Math.round(n * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${round(totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}`;
  console.log(`what-if benchmark: ${customers} customers × ${EVENTS} events on ${workers} workers (${machine})`);
  const before = await bareLoop();
  console.log(`bare transition() loop: ${round(before.perSecond)} transitions/s`);
  const run = await whatIf();
  const after = await bareLoop();
  console.log(`bare transition() loop, after: ${round(after.perSecond)} transitions/s`);
  const stored = await fromStore();
  console.log(`end to end from the embedded store: ${stored.inputs} inputs in ${round(stored.seconds, 1)} s`);
  const limit = (before.perSecond + after.perSecond) / 2;
  const transitionsPerSecond = (2 * events) / run.foldSeconds;
  const ratio = transitionsPerSecond / limit;
  const full = events >= 1_000_000;
  const figures: BenchFigure[] = [
    {
      name: `what-if fold, ${workers} workers (transitions/s: each event through both machines)`,
      value: round(transitionsPerSecond),
      unit: 'transitions/s',
      limit: { name: `bare transition() loop, ${workers} workers`, value: round(limit) },
      goal: '>= 70 % of the limit',
      met: ratio >= 0.7,
    },
    {
      name: 'events folded through both machines per second',
      value: round(events / run.foldSeconds),
      unit: 'events/s',
    },
    {
      name: `whole run, ${events.toLocaleString('en-US')} events (workers' start included)`,
      value: round(run.wholeSeconds, 1),
      unit: 's',
      ...(full
        ? { goal: '1,000,000 events in <= 60 s', met: run.wholeSeconds * (1_000_000 / events) <= 60 }
        : { goal: '(--full) 1,000,000 events in <= 60 s' }),
    },
    {
      name: "workers' start (machines loaded, histories built)",
      value: round(run.wholeSeconds - run.foldSeconds, 2),
      unit: 's',
    },
    {
      name: `npm run whatif end to end, ${cli.storeCustomers.toLocaleString('en-US')} customers in an embedded store (own process): list, read, fold`,
      value: round(stored.inputs / stored.seconds),
      unit: 'inputs/s',
      limit: { name: 'reading the same streams, nothing folded', value: round(stored.inputs / stored.readSeconds) },
    },
  ];
  console.log('');
  console.log('| figure | value | limit (same run) | ratio | goal | met |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const f of figures)
    console.log(
      `| ${f.name} | ${f.value.toLocaleString('en-US')} ${f.unit} | ${f.limit ? `${f.limit.name}: ${f.limit.value.toLocaleString('en-US')} ${f.unit}` : ''} | ${f.limit ? `${round((100 * f.value) / f.limit.value, 1)} %` : ''} | ${f.goal ?? ''} | ${f.met === undefined ? '' : f.met ? 'yes' : '**no**'} |`,
    );
  console.log('');
  console.log(`decisions differ for ${run.differ} of ${customers} customers (atRiskScore 62 → 50)`);
  const result: BenchResult = {
    area: 'What-if',
    figures,
    notes: [
      `${customers} customers × ${EVENTS} events (simulated customers' first ${EVENTS} signals), ${workers} workers; ${machine}`,
    ],
  };
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
