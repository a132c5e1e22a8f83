import type { LifecycleConfig } from '@heed/domain';
import {
  reportConfidence,
  type CeilingPoint,
  type CeilingRead,
  type ChurnQuality,
  type FraudQuality,
  type Interval,
  type PopulationOptions,
} from '@heed/simulator';
import type { SweepPoint } from './fold-sweep';
import type { Delivery, QualityRun } from './run-quality';

/** The goals of issue 7, as the report checks them. */
export const qualityGoals = {
  churnPrecision: 0.85,
  churnRecall: 0.85,
  medianLeadDays: 3,
  fraudRecall: 0.95,
  /** Card-testing bursts frozen by their third transaction. */
  cardTestingByThird: 0.95,
  fraudFalsePositiveRate: 0.005,
  /** Per cardholder persona who is not a fraud victim (travellers, night shifts, large purchases, …). */
  fraudPersonaFalsePositiveRate: 0.01,
  /** Per subscriber persona who stays. */
  churnPersonaFalsePositiveRate: 0.05,
} as const;

/** Subscriber personas who stay: each one's flags are false positives. */
const stayingPersonas = new Set(['healthy', 'returning', 'light', 'seasonal', 'holiday']);

/** One reported run: its population and its figures. */
export type ReportedRun = Readonly<{ population: Required<PopulationOptions>; run: QualityRun }>;

/** How a run's history reached Heed, as the report says it. */
export const deliveredAs: Readonly<Record<Delivery, string>> = {
  simulated: 'in simulated time',
  burst: 'in one burst (replies from the in-memory fold)',
};

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const pctRange = (i: Interval | null): string =>
  i === null ? '–' : `${(i.low * 100).toFixed(1)}–${(i.high * 100).toFixed(1)} %`;
const daysRange = (i: Interval | null): string => (i === null ? '–' : `${i.low.toFixed(1)}–${i.high.toFixed(1)}`);
const met = (ok: boolean): string => (ok ? 'met' : '**not met**');

/** The lead-time distribution in buckets of days. */
export function leadBuckets(churn: ChurnQuality): Array<{ bucket: string; count: number }> {
  const edges: Array<[string, number, number]> = [
    ['< 1 day', 0, 1],
    ['1–3 days', 1, 3],
    ['3–7 days', 3, 7],
    ['7–14 days', 7, 14],
    ['14–28 days', 14, 28],
    ['≥ 28 days', 28, Number.POSITIVE_INFINITY],
  ];
  return edges.map(([bucket, lo, hi]) => ({ bucket, count: churn.leadDays.filter((d) => d >= lo && d < hi).length }));
}

/** The figures of runs as a Markdown section: one table of goals, then details per run. */
export function renderQualityFigures(
  runs: readonly ReportedRun[],
  lifecycle: Partial<LifecycleConfig>,
  command: string,
): string {
  const lines: string[] = [];
  lines.push(`Command: \`${command}\``, '');
  lines.push(
    `Lifecycle configuration: ${Object.keys(lifecycle).length === 0 ? '`defaultLifecycleConfig`' : `defaults with \`${JSON.stringify(lifecycle)}\``}`,
    '',
  );
  lines.push(
    '| seed | customers | weeks | churn precision | churn recall | churn FPR | median lead (days) | recall with ≥ 3 days lead | fraud recall (transactions) | fraud recall (bursts) | fraud FPR | fraud precision |',
  );
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const { population, run } of runs) {
    const { churn, fraud } = run.quality;
    lines.push(
      `| ${population.seed} | ${population.customers} | ${population.weeks} | ${pct(churn.precision)} | ${pct(churn.recall)} | ${pct(churn.falsePositiveRate)} | ${churn.medianLeadDays.toFixed(1)} | ${pct(churn.recallWithThreeDaysLead)} | ${pct(fraud.recall)} | ${pct(fraud.burstRecall)} | ${pct(fraud.falsePositiveRate)} | ${pct(fraud.precision)} |`,
    );
  }
  lines.push(
    '',
    `Churn, ${reportConfidence * 100} % intervals (Wilson for the rates, order statistics for the median): how far the same ` +
      'detector may land on another population of this size.',
    '',
    '| seed | churn precision | churn recall | churn FPR | median lead (days) |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const { population, run } of runs) {
    const i = run.quality.churn.intervals;
    lines.push(
      `| ${population.seed} | ${pctRange(i.precision)} | ${pctRange(i.recall)} | ${pctRange(i.falsePositiveRate)} | ${daysRange(i.medianLeadDays)} |`,
    );
  }
  lines.push('', '### Against the goals', '');
  lines.push('| goal | ' + runs.map((r) => `seed ${r.population.seed}`).join(' | ') + ' |');
  lines.push('| --- | ' + runs.map(() => '---').join(' | ') + ' |');
  const goalRow = (name: string, ok: (c: ChurnQuality, f: FraudQuality) => boolean): string =>
    `| ${name} | ${runs.map((r) => met(ok(r.run.quality.churn, r.run.quality.fraud))).join(' | ')} |`;
  lines.push(
    goalRow(`churn precision ≥ ${qualityGoals.churnPrecision}`, (c) => c.precision >= qualityGoals.churnPrecision),
  );
  lines.push(goalRow(`churn recall ≥ ${qualityGoals.churnRecall}`, (c) => c.recall >= qualityGoals.churnRecall));
  lines.push(
    goalRow(
      `median lead ≥ ${qualityGoals.medianLeadDays} days`,
      (c) => c.medianLeadDays >= qualityGoals.medianLeadDays,
    ),
  );
  lines.push(goalRow(`fraud recall ≥ ${qualityGoals.fraudRecall}`, (_, f) => f.recall >= qualityGoals.fraudRecall));
  lines.push(
    goalRow(
      `fraud FPR ≤ ${pct(qualityGoals.fraudFalsePositiveRate)}`,
      (_, f) => f.falsePositiveRate <= qualityGoals.fraudFalsePositiveRate,
    ),
  );
  lines.push(
    goalRow(
      `card-testing bursts caught by their third transaction ≥ ${qualityGoals.cardTestingByThird}`,
      (_, f) =>
        f.cardTestingBursts === 0 ||
        f.cardTestingCaughtByThird / f.cardTestingBursts >= qualityGoals.cardTestingByThird,
    ),
  );
  lines.push(
    goalRow(`fraud FPR ≤ ${pct(qualityGoals.fraudPersonaFalsePositiveRate)} for every cardholder persona`, (_, f) =>
      f.personas.every(
        (p) => p.persona === 'fraud-victim' || p.falsePositiveRate <= qualityGoals.fraudPersonaFalsePositiveRate,
      ),
    ),
  );
  lines.push(
    goalRow(`churn FPR ≤ ${pct(qualityGoals.churnPersonaFalsePositiveRate)} for every persona who stays`, (c) =>
      c.personas.every(
        (p) =>
          !stayingPersonas.has(p.persona) ||
          p.subscribers === 0 ||
          p.flagged / p.subscribers <= qualityGoals.churnPersonaFalsePositiveRate,
      ),
    ),
  );
  for (const { population, run } of runs) {
    const { churn, fraud } = run.quality;
    lines.push('', `### Seed ${population.seed}`, '');
    lines.push(
      `${run.signalsSent} signals sent (${run.replies} of them replies to verification SMS) ${deliveredAs[run.delivery]}, ${run.steps} steps, ${run.timersFired} timers fired, ${run.seconds.toFixed(0)} s.`,
      '',
    );
    lines.push(
      `Churn: ${churn.subscribers} subscribers, ${churn.churners} cancel within the simulation. ` +
        `TP ${churn.truePositives}, FP ${churn.falsePositives}, FN ${churn.falseNegatives}, TN ${churn.trueNegatives}. ` +
        `Customers without a subscription flagged: ${churn.flagsWithoutSubscription}.`,
      '',
    );
    lines.push('| lead time (first flag → cancellation) | churners |', '| --- | --- |');
    for (const { bucket, count } of leadBuckets(churn)) lines.push(`| ${bucket} | ${count} |`);
    lines.push(
      '',
      '| persona | subscribers | flagged | share flagged (FPR for those who stay) | median lead (days) |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const p of churn.personas)
      lines.push(
        `| ${p.persona} | ${p.subscribers} | ${p.flagged} | ${pct(p.subscribers === 0 ? 0 : p.flagged / p.subscribers)} | ${p.medianLeadDays === null ? '–' : p.medianLeadDays.toFixed(1)} |`,
      );
    lines.push('');
    lines.push(
      `Fraud: ${fraud.transactions} transactions, ${fraud.fraudulent} fraudulent in ${fraud.bursts} bursts; ` +
        `${fraud.burstsCaught} bursts caught, ${fraud.fraudulentCaught} fraudulent transactions frozen or made on a frozen card, ` +
        `${fraud.fraudulentBeforeFreeze} went through before the freeze; ${fraud.legitimateFrozen} legitimate transactions frozen. ` +
        `Card-testing bursts caught by their third transaction: ${fraud.cardTestingCaughtByThird} of ${fraud.cardTestingBursts}.`,
      '',
      '| cardholder persona | cardholders | legitimate transactions | frozen | FPR |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const p of fraud.personas)
      lines.push(
        `| ${p.persona} | ${p.cardholders} | ${p.legitimate} | ${p.legitimateFrozen} | ${(p.falsePositiveRate * 100).toFixed(2)} % |`,
      );
    lines.push(
      '',
      '| fraud style | bursts | caught | fraudulent transactions | caught (frozen or after the freeze) |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const st of fraud.styles)
      lines.push(
        `| ${st.style} | ${st.bursts} | ${st.burstsCaught} | ${st.fraudulent} | ${st.fraudulentCaught} (${pct(st.recall)}) |`,
      );
  }
  return lines.join('\n');
}

/** Rows of churn figures at thresholds, with whether all three churn goals are met. */
function churnThresholdTable(
  header: string,
  points: ReadonlyArray<Readonly<{ threshold: number; churn: ChurnQuality }>>,
): string[] {
  const lines = [
    `| ${header} | churn precision | churn recall | churn FPR | median lead (days) | recall with ≥ 3 days lead | all three churn goals |`,
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { threshold, churn } of points) {
    const all =
      churn.precision >= qualityGoals.churnPrecision &&
      churn.recall >= qualityGoals.churnRecall &&
      churn.medianLeadDays >= qualityGoals.medianLeadDays;
    lines.push(
      `| ${threshold} | ${pct(churn.precision)} | ${pct(churn.recall)} | ${pct(churn.falsePositiveRate)} | ${churn.medianLeadDays.toFixed(1)} | ${pct(churn.recallWithThreeDaysLead)} | ${met(all)} |`,
    );
  }
  return lines;
}

/** The knowing detector's churn figures of one population (`--ceiling`) as a Markdown table. */
export function renderCeiling(
  population: Required<PopulationOptions>,
  points: readonly CeilingPoint[],
  reads?: ReadonlySet<CeilingRead>,
): string {
  return [
    `Seed ${population.seed}, ${population.customers} customers, ${population.weeks} weeks` +
      (reads === undefined ? ':' : `, reading ${[...reads].join(', ')} only:`),
    '',
    ...churnThresholdTable('chance of "fading"', points),
  ].join('\n');
}

/** Heed's churn figures at several `atRiskScore` thresholds (`--in-memory --thresholds`) as a Markdown table. */
export function renderSweep(population: Required<PopulationOptions>, points: readonly SweepPoint[]): string {
  return [
    `Seed ${population.seed}, ${population.customers} customers, ${population.weeks} weeks, in memory:`,
    '',
    ...churnThresholdTable('`atRiskScore`', points),
  ].join('\n');
}
