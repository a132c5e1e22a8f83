/**
 * `node -r @swc-node/register apps/ingest/bench/profile/cpu-per-event.ts [--rounds=N]
 * [--batch-requests=N] [--track-requests=N] [--connections=C] [--profile=<dir>] <label>=<ingest src dir>[@<node flags>] …`: ingest's CPU per event on
 * `/v1/batch` and per request on `/v1/track`, for one or more versions of ingest in the same run.
 * The store runs in its own process (apps/store), each version of ingest in its own, and the load
 * (autocannon) in this one. Versions take turns, round after round, each round in the other order,
 * so a noisy machine drifts alike on all of them; CPU is the ingest process's own
 * (`process.cpuUsage()` over the run), divided by the events (or requests) answered 2xx.
 * Bodies are those of the ingest benchmark: 100 `Signed In` calls of 10 customers per batch, one
 * call of one of 1,000 customers per track request. A version's `@heed/*` libraries are those of
 * its own checkout (the `tsconfig.json` nearest above its directory), so a `git worktree` of an
 * earlier commit measures that commit's ingest and libraries alike. `--profile=<dir>` writes a CPU profile of each version's
 * measured runs there (`summarise.ts` reads it); `--only=batch|track` runs one path.
 */
import autocannon from 'autocannon';
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { startStoreProcess } from '../../../../scripts/bench/store-process';

const KEY = 'bench-write-key-0123456789';
const option = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const rounds = Number(option('rounds', '3'));
/** Requests per run: a fixed amount of work, all of it answered, however slow a busy machine makes it. */
const amounts: Record<string, number> = {
  batch: Number(option('batch-requests', '60')),
  track: Number(option('track-requests', '1500')),
};
const connections = Number(option('connections', '32'));
const profileDir = option('profile', '');
const only = option('only', 'batch,track').split(',');
/** Requests per second offered to each version (autocannon's `overallRate`); 0: as fast as it answers. */
const rates: Record<string, number> = {
  batch: Number(option('batch-rate', '0')),
  track: Number(option('track-rate', '0')),
};
/** Load all versions at once (each with its own connections): they then share whatever the machine gives. */
const together = process.argv.includes('--together');
const versions = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--'))
  .map((a) => {
    // `label=dir` or `label=dir@--node-flag,--other-flag`: the same code under other V8 settings.
    const [label, spec] = a.split(/=(.*)/s);
    const [dir, flags] = spec!.split('@');
    return { label: label!, dir: dir!, flags: flags === undefined ? [] : flags.split(',') };
  });
if (versions.length === 0) throw new Error('usage: cpu-per-event.ts [options] <label>=<ingest src dir> …');

interface Ingest {
  readonly label: string;
  readonly url: string;
  readonly child: ChildProcess;
  cpu(): Promise<number>;
}

/** The `tsconfig.json` of the checkout `dir` is in: its paths say where its `@heed/*` libraries are. */
function projectOf(dir: string): string {
  for (let at = resolve(dir); ; at = dirname(at)) {
    if (existsSync(join(at, 'tsconfig.json'))) return join(at, 'tsconfig.json');
    if (dirname(at) === at) return join(process.cwd(), 'tsconfig.json');
  }
}

async function startIngest(label: string, dir: string, flags: string[], storeUrl: string): Promise<Ingest> {
  const child = fork(join(__dirname, 'serve.ts'), [dir, storeUrl, KEY], {
    execArgv: [...flags, '-r', '@swc-node/register'],
    env: { ...process.env, NODE_PATH: join(process.cwd(), 'node_modules'), SWC_NODE_PROJECT: projectOf(dir) },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const cpu = (): Promise<number> =>
    new Promise((resolve) => {
      child.once('message', (m) => {
        const { user, system } = (m as { cpu: NodeJS.CpuUsage }).cpu;
        resolve(user + system);
      });
      child.send('cpu');
    });
  return { label, url, child, cpu };
}

let sequence = 0;
const phase = Math.random().toString(36).slice(2, 8);
function call(): Record<string, unknown> {
  const n = sequence++;
  return {
    messageId: `${phase}-${n}`,
    userId: `cpu-${phase}-${n % 1000}`,
    event: 'Signed In',
    properties: { username: 'ada' },
    timestamp: new Date().toISOString(),
    context: { library: { name: 'analytics-node', version: '7.0.0' } },
  };
}
function batch(): string {
  const calls: Array<Record<string, unknown>> = Array.from({ length: 100 }, () => ({ type: 'track', ...call() }));
  const owner = calls[0]!['userId'] as string;
  calls.forEach((c, i) => (c['userId'] = `${owner}-${i % 10}`));
  return JSON.stringify({ batch: calls });
}

async function run(ingest: Ingest, kind: 'batch' | 'track'): Promise<{ perUnit: number; rate: number }> {
  // Bodies made before the run: the load's CPU is not ingest's, but it shares the machine.
  const bodies = Array.from({ length: amounts[kind]! }, () => (kind === 'batch' ? batch() : JSON.stringify(call())));
  const startedAt = performance.now();
  const before = await ingest.cpu();
  const result = await autocannon({
    url: `${ingest.url}/v1/${kind}`,
    method: 'POST',
    connections,
    amount: amounts[kind]!,
    timeout: 60,
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${KEY}:`).toString('base64')}`,
    },
    ...(rates[kind]! > 0 && { overallRate: rates[kind] }),
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          body: bodies.pop() ?? (kind === 'batch' ? batch() : JSON.stringify(call())),
        }),
      },
    ],
  });
  const seconds = (performance.now() - startedAt) / 1000;
  const cpu = (await ingest.cpu()) - before;
  const ok = result['2xx'];
  if (result.non2xx > 0 || result.errors > 0)
    console.error(`${ingest.label} ${kind}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  const units = kind === 'batch' ? ok * 100 : ok;
  return { perUnit: cpu / units, rate: units / seconds };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'heed-cpu-per-event-'));
  const store = await startStoreProcess(join(dataDir, 'store'));
  const ingests: Ingest[] = [];
  for (const v of versions) ingests.push(await startIngest(v.label, v.dir, v.flags, store.url));
  for (const ingest of ingests) {
    for (const kind of only) await run(ingest, kind as 'batch' | 'track'); // warm-up, not counted
  }
  if (profileDir) ingests.forEach((ingest) => ingest.child.send('profile'));
  const figures = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ingests : [...ingests].reverse();
    for (const kind of only as Array<'batch' | 'track'>) {
      const measured = together
        ? await Promise.all(order.map((ingest) => run(ingest, kind)))
        : await order.reduce<Promise<Array<{ perUnit: number; rate: number }>>>(
            async (done, ingest) => [...(await done), await run(ingest, kind)],
            Promise.resolve([]),
          );
      order.forEach((ingest, i) => {
        const { perUnit, rate } = measured[i]!;
        const key = `${kind} ${ingest.label}`;
        figures.set(key, [...(figures.get(key) ?? []), perUnit]);
        console.log(
          `round ${round + 1} ${kind.padEnd(5)} ${ingest.label.padEnd(10)} ${perUnit.toFixed(1).padStart(7)} µs/${kind === 'batch' ? 'event' : 'request'}  ${Math.round(rate)} /s`,
        );
      });
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log('\n| path | version | CPU per unit, median (runs) |');
  console.log('| --- | --- | --- |');
  for (const [key, xs] of figures) {
    const [kind, label] = key.split(' ');
    console.log(`| ${kind} | ${label} | ${median(xs).toFixed(1)} µs (${xs.map((x) => x.toFixed(0)).join(', ')}) |`);
  }
  if (ingests.length > 1) {
    for (const kind of only) {
      const base = figures.get(`${kind} ${ingests[0]!.label}`)!;
      for (const ingest of ingests.slice(1)) {
        const xs = figures.get(`${kind} ${ingest.label}`)!;
        const ratios = xs.map((x, i) => x / base[i]!);
        console.log(
          `${kind}: ${ingest.label} / ${ingests[0]!.label} = ${median(ratios).toFixed(2)} (per round: ${ratios.map((r) => r.toFixed(2)).join(', ')})`,
        );
      }
    }
  }
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    for (const ingest of ingests) {
      const written = new Promise((r) => ingest.child.once('message', r));
      ingest.child.send({ profileTo: join(profileDir, `ingest-${ingest.label}-${only.join('-')}.cpuprofile`) });
      await written;
    }
  }
  for (const ingest of ingests) {
    const exited = new Promise((r) => ingest.child.once('exit', r));
    ingest.child.send('stop');
    await exited;
  }
  await store.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
