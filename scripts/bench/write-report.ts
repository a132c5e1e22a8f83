import { cpus, totalmem, platform, release } from 'node:os';
import type { BenchResult } from './bench-result';

/** One script's outcome as the report shows it. */
export type ScriptOutcome = Readonly<{
  area: string;
  command: string;
  seconds: number;
  status: 'ok' | 'skipped' | 'failed';
  reason?: string;
  result?: BenchResult;
  /** Markdown table lines the script printed, when it printed no JSON result. */
  tables?: readonly string[];
}>;

/** The machine a run is on, in one line. */
export function machineLine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, ${platform()} ${release()}, Node ${process.version}`;
}

const fmt = (x: number): string =>
  Number.isNaN(x)
    ? '—'
    : Math.abs(x) >= 100
      ? Math.round(x).toLocaleString('en')
      : x.toFixed(Math.abs(x) >= 10 ? 1 : 2);

/** docs/benchmarks.md: one table per area (figure, limit, ratio, goal, machine), then the plots. */
export function renderReport(
  outcomes: readonly ScriptOutcome[],
  plots: ReadonlyArray<{ file: string; caption: string }>,
  long: boolean,
  when: string,
): string {
  const machine = machineLine();
  const lines: string[] = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench${long ? ' -- --long' : ''}\` on ${when}; every figure below comes from that one run.`,
    'Each table gives a figure, the limit measured in the same run (a bare component doing the least the',
    'figure needs), their ratio (figure ÷ limit, or limit ÷ figure for times, so 100 % is "as fast as the',
    'limit"), the goal and the machine. Per-area details: [store](benchmarks/store.md),',
    '[ingest](benchmarks/ingest.md), [engine](benchmarks/engine.md), engine replicas ([scaling](scaling.md)).',
    'CPU figures (µs per event or signal) are process CPU time divided by the work done (`cpu-time.ts`).',
    'Short by default (a few minutes); `--long` for 10-minute soaks.',
    'The scripts run the TypeScript sources with `SWC_NODE_SOURCE_MAP_MODE=inline` (set by the npm',
    'scripts): no source-map lookup on every captured stack (grpc-js captures one per call), as in the built app.',
    '',
  ];
  for (const o of outcomes) {
    lines.push(
      `## ${o.area}`,
      '',
      `\`${o.command}\` — ${o.status}${o.reason ? `: ${o.reason}` : ''} (${o.seconds.toFixed(0)} s). Machine: ${machine}.`,
      '',
    );
    if (o.result !== undefined) {
      lines.push('| figure | value | limit (same run) | ratio | goal | met |', '| --- | --- | --- | --- | --- | --- |');
      for (const f of o.result.figures) {
        // Times and CPU costs: less is better, so the ratio is the limit's share (100 % = as cheap as it).
        const time = f.unit === 'ms' || f.unit === 's' || f.unit === 'µs';
        const ratio =
          f.limit === undefined || f.value === 0
            ? ''
            : `${fmt((time ? f.limit.value / f.value : f.value / f.limit.value) * 100)} %`;
        lines.push(
          `| ${f.name} | ${fmt(f.value)} ${f.unit} | ${f.limit === undefined ? '' : `${f.limit.name}: ${fmt(f.limit.value)} ${f.unit}`} | ${ratio} | ${f.goal ?? ''} | ${f.met === undefined ? '' : f.met ? 'yes' : '**no**'} |`,
        );
      }
      for (const note of o.result.notes ?? []) lines.push('', note);
    } else if (o.tables !== undefined && o.tables.length > 0) {
      lines.push('This script prints Markdown rather than a JSON result line; its tables as printed:', '', ...o.tables);
    }
    lines.push('');
  }
  if (plots.length > 0) {
    lines.push('## Plots', '');
    for (const p of plots) lines.push(`![${p.caption}](benchmarks/${p.file})`, '', `_${p.caption}_`, '');
  }
  lines.push(
    '## How the scripts report',
    '',
    'Each benchmark script prints, as its last line, one JSON object: `{ area, figures: [{ name, value, unit,',
    'limit?: { name, value }, goal?, met? }], series?: { latencyMs?: number[], throughput?: [{ second,',
    'eventsPerSecond }], memory?: [{ second?, customers, heapMb, rssMb }], memoryByCustomers?: [{ customers, heapMb, rssMb }], rehydration?: [{ streamLength, ms,',
    "snapshot? }] }, notes? }` (`scripts/bench/bench-result.ts`; the engine bench's `limit` + `limitName` form",
    'is read too). A script without that line has its Markdown tables copied here as printed.',
    '',
  );
  return lines.join('\n');
}
