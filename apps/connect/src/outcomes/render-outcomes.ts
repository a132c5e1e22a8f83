import type { CommandOutcome, GroupOutcome, OutcomeReport } from './attribute-outcomes';
import type { Proportion } from './proportion-interval';

export const outcomeFormats = ['table', 'markdown', 'json'] as const;
export type OutcomeFormat = (typeof outcomeFormats)[number];

const percent = (p: Proportion): string =>
  Number.isNaN(p.rate)
    ? '–'
    : `${(p.rate * 100).toFixed(1)} % (${(p.low * 100).toFixed(1)}–${(p.high * 100).toFixed(1)})`;

const hours = (h: number | null): string =>
  h === null ? '–' : h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} d`;

const group = (g: GroupOutcome): [string, string, string] => [
  String(g.commands),
  g.commands === 0 ? '–' : percent(g.recovery),
  hours(g.medianHoursToRecover),
];

const lift = (row: CommandOutcome): string => {
  if (row.lift === null) return '–';
  const points = (n: number): string => `${n >= 0 ? '+' : ''}${(n * 100).toFixed(1)}`;
  const significant = row.lift.low > 0 || row.lift.high < 0;
  return `${points(row.lift.rate)} pp (${points(row.lift.low)}…${points(row.lift.high)})${significant ? '' : ' n.s.'}`;
};

const control = (row: CommandOutcome): string =>
  Object.entries(row.controlBy)
    .filter(([, n]) => n > 0)
    .map(([why, n]) => `${n} ${why}`)
    .join(', ') || '–';

const HEADER = [
  'command',
  'recovered means',
  'reached',
  'recovered',
  'median time',
  'control',
  'recovered',
  'median time',
  'lift',
  'control is',
];

const cells = (row: CommandOutcome): string[] => [
  row.type,
  row.recoveredMeans,
  ...group(row.reached),
  ...group(row.control),
  lift(row),
  control(row),
];

function footer(report: OutcomeReport): string[] {
  const lines = [
    `${report.customers} customers; window ${report.windowDays} days after each command; horizon ${report.horizon ?? '–'}.`,
    'reached, control: customers, each counted once per command type at their first command of it (the holdout draws customers).',
    'recovered: share within the window (95 % Wilson interval); median time: command to recovery; lift: reached minus control, percentage points (Newcombe 95 % interval; n.s.: the interval spans 0).',
  ];
  const left = report.rows.filter((r) => r.tooRecent + r.retrying + r.repeats > 0);
  const leftOut = (r: CommandOutcome): string =>
    [
      r.tooRecent > 0 ? `${r.tooRecent} too recent` : '',
      r.retrying > 0 ? `${r.retrying} still retrying` : '',
      r.repeats > 0 ? `${r.repeats} later to a customer counted` : '',
    ]
      .filter((part) => part !== '')
      .join(', ');
  if (left.length > 0) lines.push(`Left out: ${left.map((r) => `${r.type} ${leftOut(r)}`).join('; ')}.`);
  const other = Object.entries(report.notAttributed);
  if (other.length > 0)
    lines.push(`Not attributed (no recovery to measure): ${other.map(([t, n]) => `${t} ${n}`).join(', ')}.`);
  return lines;
}

/** The report as a plain-text table, a Markdown table, or JSON. */
export function renderOutcomes(report: OutcomeReport, format: OutcomeFormat): string {
  if (format === 'json') return JSON.stringify(report, null, 2);
  const rows = report.rows.map(cells);
  if (format === 'markdown') {
    const line = (c: readonly string[]): string => `| ${c.join(' | ')} |`;
    return [line(HEADER), line(HEADER.map(() => '---')), ...rows.map(line), '', ...footer(report)].join('\n');
  }
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (c: readonly string[]): string =>
    c
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(HEADER), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', ...footer(report)].join('\n');
}
