import type { CustomerComparison, Decision, QualityComparison, QualityFigure } from '@heed/replay';
import { ReplayError } from '@heed/replay';
import {
  measureDetectionQuality,
  type DetectionQuality,
  type ObservedDecisions,
  type SimulatedCustomer,
} from '@heed/simulator';
import { readFileSync } from 'node:fs';
import { churnFlagNames } from './lifecycle-lens';

/**
 * Reads the ground truth of a simulated population: what `npm run simulate -- --out <file>` writes
 * to `<file>.truth.ndjson` (one simulated customer a line), or a JSON array of them.
 */
export function readTruth(path: string): SimulatedCustomer[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ReplayError('INVALID_TRUTH', `${path}: cannot be read (${(error as Error).message})`);
  }
  const trimmed = text.trimStart();
  const items: Array<{ line: number; value: unknown }> = [];
  try {
    if (trimmed.startsWith('['))
      (JSON.parse(trimmed) as unknown[]).forEach((value, i) => items.push({ line: i + 1, value }));
    else
      text.split('\n').forEach((line, i) => {
        if (line.trim() !== '') items.push({ line: i + 1, value: JSON.parse(line) });
      });
  } catch (error) {
    throw new ReplayError('INVALID_TRUTH', `${path}: not JSON or NDJSON (${(error as Error).message})`);
  }
  return items.map(({ line, value }) => {
    const customer = value as Partial<SimulatedCustomer> | null;
    if (typeof customer?.customerId !== 'string' || typeof customer.truth?.kind !== 'string')
      throw new ReplayError(
        'INVALID_TRUTH',
        `${path}:${line}: expected a simulated customer ({ customerId, truth: { kind, … } }), got ${JSON.stringify(value).slice(0, 80)}`,
      );
    return customer as SimulatedCustomer;
  });
}

/** What the quality measure reads of a customer's decisions under one machine. */
export function observedDecisions(customerId: string, decisions: readonly Decision[]): ObservedDecisions {
  const churnFlags: string[] = [];
  const frozenTransactions: string[] = [];
  const commands: Record<string, number> = {};
  for (const d of decisions) {
    if (d.kind === 'flag') {
      if (churnFlagNames.has(d.name)) churnFlags.push(d.at);
      continue;
    }
    commands[d.name] = (commands[d.name] ?? 0) + 1;
    if (d.name === 'CardFreezeRequested' && d.detail !== undefined) frozenTransactions.push(d.detail);
  }
  return { customerId, churnFlags, frozenTransactions, commands };
}

const figures = (q: DetectionQuality): Array<Omit<QualityFigure, 'current' | 'changed'> & { value: number | null }> => [
  {
    name: 'churn precision',
    unit: 'ratio',
    value: q.churn.truePositives + q.churn.falsePositives === 0 ? null : q.churn.precision,
  },
  { name: 'churn recall', unit: 'ratio', value: q.churn.churners === 0 ? null : q.churn.recall },
  {
    name: 'churn recall, ≥ 3 days ahead',
    unit: 'ratio',
    value: q.churn.churners === 0 ? null : q.churn.recallWithThreeDaysLead,
  },
  {
    name: 'churn lead time (median)',
    unit: 'days',
    value: q.churn.leadDays.length === 0 ? null : q.churn.medianLeadDays,
  },
  { name: 'subscribers flagged who stay (false positives)', unit: 'count', value: q.churn.falsePositives },
  { name: 'fraud precision (freezes)', unit: 'ratio', value: q.fraud.transactions === 0 ? null : q.fraud.precision },
  { name: 'fraud recall (transactions)', unit: 'ratio', value: q.fraud.fraudulent === 0 ? null : q.fraud.recall },
  { name: 'fraud bursts caught', unit: 'ratio', value: q.fraud.bursts === 0 ? null : q.fraud.burstRecall },
  { name: 'legitimate transactions frozen', unit: 'count', value: q.fraud.legitimateFrozen },
];

/**
 * Precision, recall and lead time under both machines, over the folded customers whose truth is
 * known, measured as the quality harness measures them (docs/quality.md).
 */
export function compareQuality(
  truthFile: string,
  truth: readonly SimulatedCustomer[],
  comparisons: readonly CustomerComparison[],
): QualityComparison {
  const byId = new Map(comparisons.map((c) => [c.key, c]));
  const known = truth.filter((c) => byId.has(c.customerId));
  const current = new Map<string, ObservedDecisions>();
  const changed = new Map<string, ObservedDecisions>();
  for (const { customerId } of known) {
    const c = byId.get(customerId)!;
    current.set(customerId, observedDecisions(customerId, c.current));
    changed.set(customerId, observedDecisions(customerId, c.changed));
  }
  const before = figures(measureDetectionQuality(known, current));
  const after = figures(measureDetectionQuality(known, changed));
  return {
    truth: truthFile,
    customers: known.length,
    figures: before.map((f, i) => ({ name: f.name, unit: f.unit, current: f.value, changed: after[i]!.value })),
  };
}
