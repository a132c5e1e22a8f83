import type { ScenarioResult } from './scenario';

const COLUMNS = ['scenario', 'events', 'faults injected', 'lost', 'duplicated', 'recovery time', 'result'] as const;

/** The chaos run as one Markdown table: a row per scenario, skipped ones with their reason. */
export function chaosTable(results: readonly ScenarioResult[]): string {
  const rows = results.map((r) =>
    r.skipped !== undefined
      ? [r.scenario, '–', '–', '–', '–', '–', `skipped: ${r.skipped}`]
      : [
          r.scenario,
          String(r.events),
          r.faults,
          String(r.lost),
          String(r.duplicated),
          r.recovery,
          r.passed ? 'pass' : 'FAIL',
        ],
  );
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(COLUMNS), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
