import type { Divergence } from './compare-histories';
import type { Example, ExampleKind, Shift } from './comparison-summary';
import type { Decision } from './decision';
import type { QualityFigure, WhatIfReport } from './whatif-report';

const integer = (n: number): string => n.toLocaleString('en-US');
const percent = (part: number, whole: number): string =>
  whole === 0 ? '–' : `${((100 * part) / whole).toFixed(part === 0 || part === whole ? 0 : 1)} %`;
const arrow = (a: number, b: number): string => (a === b ? integer(a) : `${integer(a)} → ${integer(b)}`);
const duration = (hours: number): string =>
  hours < 1 ? `${Math.round(hours * 60)} min` : hours >= 48 ? `${(hours / 24).toFixed(1)} d` : `${hours.toFixed(1)} h`;
const shift = (s: Shift): string =>
  s.count === 0 || s.medianHours === null ? '–' : `${integer(s.count)} (median ${duration(s.medianHours)})`;
const value = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const cell = (text: string): string => text.replace(/\|/g, '\\|');

const exampleTitles: Record<ExampleKind, string> = {
  'flag-gained': 'Flags gained',
  'flag-lost': 'Flags lost',
  'command-added': 'Commands added',
  'command-removed': 'Commands removed',
  earlier: 'Decided earlier',
  later: 'Decided later',
};

const decisions = (list: readonly Decision[]): string =>
  list.length === 0
    ? 'nothing'
    : list
        .map((d) => `${d.kind === 'flag' ? 'flag ' : ''}${d.name}${d.detail ? ` (${d.detail})` : ''} at ${d.at}`)
        .join(', ');

function divergence(d: Divergence | null): string {
  if (d === null) return 'no divergent input';
  const where =
    d.input === null
      ? 'time passing after the last input'
      : `input #${d.input.revision} \`${d.input.type}\`${d.input.at === null ? '' : ` at ${d.input.at}`} (id ${d.input.id})`;
  return `first divergent: ${where}; current: ${decisions(d.current)}; changed: ${decisions(d.changed)}`;
}

function figure(f: QualityFigure, v: number | null): string {
  if (v === null) return '–';
  if (f.unit === 'ratio') return `${(100 * v).toFixed(1)} %`;
  if (f.unit === 'days') return `${v.toFixed(1)} d`;
  return integer(v);
}

function delta(f: QualityFigure): string {
  if (f.current === null || f.changed === null) return '–';
  const d = f.changed - f.current;
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  if (f.unit === 'ratio') return `${sign}${(100 * Math.abs(d)).toFixed(1)} pt`;
  if (f.unit === 'days') return `${sign}${Math.abs(d).toFixed(1)} d`;
  return `${sign}${integer(Math.abs(d))}`;
}

/** The report as Markdown: what changed, for how many customers, how much earlier or later, and examples. */
export function renderMarkdown(report: WhatIfReport): string {
  const { change, window, selection, summary, quality } = report;
  const lines: string[] = [];
  lines.push(`# What-if: ${change.source}`, '');
  lines.push(
    `Current: ${change.current.machine} machine v${change.current.version}. Changed: ${change.changed.machine} machine v${change.changed.version}.`,
  );
  if (change.settings.length > 0) {
    lines.push('', '| setting | current | changed |', '| --- | --- | --- |');
    for (const s of change.settings)
      lines.push(`| ${s.setting} | ${cell(value(s.current))} | ${cell(value(s.changed))} |`);
  }
  const who =
    selection.customers === 'all'
      ? `all ${integer(summary.customers)} customers`
      : selection.customers === 'sample'
        ? `a sample of ${integer(summary.customers)} of ${integer(selection.available ?? 0)} customers (seed ${selection.seed})`
        : `${integer(summary.customers)} named customers`;
  const horizon = {
    option: '--to; later inputs left out',
    store: "the store's latest input time; every input folded",
    customers: "the customers' latest input time; every input folded",
  }[window.toFrom];
  lines.push(
    '',
    `Decisions from ${window.from ?? 'the first input'} to ${window.to} (horizon: ${horizon}), ${who}, ${integer(summary.inputs)} inputs folded through both machines.`,
  );
  if (selection.missing.length > 0)
    lines.push('', `Not found in the store: ${selection.missing.map((id) => `\`${id}\``).join(', ')}.`);

  lines.push('', '## Summary', '', '| | customers |', '| --- | --- |');
  lines.push(`| folded | ${integer(summary.customers)} |`);
  lines.push(
    `| decisions differ | ${integer(summary.decisionsDiffer)} (${percent(summary.decisionsDiffer, summary.customers)}) |`,
  );
  lines.push(
    `| state at the horizon differs | ${integer(summary.finalStateDiffers)} (${percent(summary.finalStateDiffers, summary.customers)}) |`,
  );

  lines.push('', '## Flags', '');
  if (summary.flags.length === 0) lines.push('No flag raised under either machine.');
  else {
    lines.push(
      '| flag | customers flagged | times raised | gained | lost | first raised earlier | later | same instant |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const f of summary.flags)
      lines.push(
        `| ${f.flag} | ${arrow(f.customers.current, f.customers.changed)} | ${arrow(f.raised.current, f.raised.changed)} | ${integer(f.gained)} | ${integer(f.lost)} | ${shift(f.earlier)} | ${shift(f.later)} | ${integer(f.same)} |`,
      );
  }

  lines.push('', '## Commands', '');
  if (summary.commands.length === 0) lines.push('No command asked for under either machine.');
  else {
    lines.push(
      '| command | count | added (customers) | removed (customers) | asked earlier | later | same instant |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const c of summary.commands)
      lines.push(
        `| ${c.type} | ${arrow(c.count.current, c.count.changed)} | ${integer(c.added)} (${integer(c.customersAdded)}) | ${integer(c.removed)} (${integer(c.customersRemoved)}) | ${shift(c.earlier)} | ${shift(c.later)} | ${integer(c.same)} |`,
      );
  }

  if (quality !== null) {
    lines.push(
      '',
      '## Against ground truth',
      '',
      `${integer(quality.customers)} of the folded customers are in ${quality.truth}.`,
      '',
      '| figure | current | changed | change |',
      '| --- | --- | --- | --- |',
    );
    for (const f of quality.figures)
      lines.push(`| ${f.name} | ${figure(f, f.current)} | ${figure(f, f.changed)} | ${delta(f)} |`);
  }

  lines.push('', '## Examples', '');
  if (summary.examples.length === 0) lines.push('No customer decides differently.');
  const byKind = new Map<ExampleKind, Example[]>();
  for (const e of summary.examples) byKind.set(e.kind, [...(byKind.get(e.kind) ?? []), e]);
  for (const [kind, examples] of byKind) {
    lines.push(`### ${exampleTitles[kind]}`, '');
    for (const e of examples) lines.push(`- \`${e.customerId}\`: ${e.what}. ${divergence(e.firstDivergence)}.`);
    lines.push('');
  }
  if (lines.at(-1) !== '') lines.push('');
  lines.push(
    `_Folded in ${report.run.seconds.toFixed(1)} s on ${report.run.workers} worker${report.run.workers === 1 ? '' : 's'} (${integer(Math.round(report.run.inputsPerSecond))} inputs/s)._`,
    '',
  );
  return lines.join('\n');
}
