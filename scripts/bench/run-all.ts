import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseBenchResult, type BenchSeries } from './bench-result';
import { renderPlots } from './render-plots';
import { renderReport, type ScriptOutcome } from './write-report';

// `npm run bench`: every benchmark of the project, one after the other (they would compete for
// the same cores), then docs/benchmarks.md and its plots.
const root = resolve(__dirname, '../..');
const long = process.argv.includes('--long');
const scripts = [
  { area: 'Embedded store', path: 'libs/embedded-store/bench/store.bench.ts', npm: 'bench:store' },
  { area: 'Ingest', path: 'apps/ingest/bench/ingest.bench.ts', npm: 'bench:ingest' },
  { area: 'Engine', path: 'apps/engine/bench/engine.bench.ts', npm: 'bench:engine' },
  { area: 'Engine replicas', path: 'apps/engine/bench/scaling.bench.ts', npm: 'bench:scaling' },
  { area: 'End to end', path: 'scripts/bench/e2e.bench.ts', npm: 'bench (end to end)' },
];

function run(path: string): Promise<{ code: number; stdout: string; seconds: number }> {
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path, ...(long ? ['--long'] : [])], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      process.stdout.write(chunk);
    });
    child.on('close', (code) => done({ code: code ?? 1, stdout, seconds: (performance.now() - started) / 1000 }));
  });
}

async function main(): Promise<void> {
  const outcomes: ScriptOutcome[] = [];
  const series: { -readonly [K in keyof BenchSeries]: BenchSeries[K] } = {};
  for (const script of scripts) {
    const command = `node -r @swc-node/register ${script.path}${long ? ' --long' : ''}`;
    if (!existsSync(join(root, script.path))) {
      console.log(`\n== ${script.area}: skipped, ${script.path} does not exist yet`);
      outcomes.push({
        area: script.area,
        command,
        seconds: 0,
        status: 'skipped',
        reason: `${script.path} does not exist yet`,
      });
      continue;
    }
    console.log(`\n== ${script.area}: ${command}`);
    const { code, stdout, seconds } = await run(script.path);
    const result = parseBenchResult(stdout);
    const tables = stdout.split('\n').filter((l) => l.trim().startsWith('|'));
    outcomes.push({
      area: script.area,
      command,
      seconds,
      status: code === 0 ? 'ok' : 'failed',
      ...(code !== 0 && { reason: `exit code ${code}` }),
      ...(result !== undefined ? { result } : { tables }),
    });
    // Series of a later script win for the same plot: the engine bench's memory beats none.
    Object.assign(series, Object.fromEntries(Object.entries(result?.series ?? {}).filter(([, v]) => v !== undefined)));
  }
  const dir = join(root, 'docs/benchmarks');
  mkdirSync(dir, { recursive: true });
  const plots = await renderPlots(series, dir);
  const report = renderReport(outcomes, plots, long, new Date().toISOString().slice(0, 10));
  writeFileSync(join(root, 'docs/benchmarks.md'), report);
  // The report is committed: keep it in the repository's Markdown style (tables aligned).
  spawnSync(process.execPath, [join(root, 'node_modules/prettier/bin/prettier.cjs'), '--write', 'docs/benchmarks.md'], {
    cwd: root,
    stdio: 'ignore',
  });
  console.log(`\nwrote docs/benchmarks.md and ${plots.length} plots in docs/benchmarks/`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
