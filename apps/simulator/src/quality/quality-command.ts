import { defaultLifecycleConfig, lifecycleSettingRanges, type LifecycleConfig } from '@heed/domain';
import { completePatch, ReplayError } from '@heed/replay';
import {
  ceilingReads,
  churnCeiling,
  generatePopulation,
  type CeilingRead,
  type ChurnQuality,
  type DetectionQuality,
} from '@heed/simulator';
import { Command, InvalidArgumentError, Option } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { deliveredAs, renderCeiling, renderQualityFigures, renderSweep, type ReportedRun } from './quality-report';
import { renderOutcomes } from '../../../connect/src/outcomes/render-outcomes';
import { foldQuality } from './fold-quality';
import { foldChurnSweep } from './fold-sweep';
import { deliveries, runQuality, type Delivery } from './run-quality';

const integer = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a non-negative integer, got ${value}`);
  return n;
};
const share = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 0.5)
    throw new InvalidArgumentError(`expected a share in (0, 0.5], got ${value}`);
  return n;
};
const seedList = (value: string): number[] => value.split(',').map((s) => integer(s.trim()));
const thresholdList = (value: string): number[] =>
  value.split(',').map((s) => {
    const n = Number(s.trim());
    if (s.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100)
      throw new InvalidArgumentError(`expected churn scores 0–100, comma-separated, got ${value}`);
    return n;
  });
const readList = (value: string): Set<CeilingRead> => {
  const reads = value.split(',').map((s) => s.trim());
  const unknown = reads.filter((r) => !(ceilingReads as readonly string[]).includes(r));
  if (unknown.length > 0)
    throw new InvalidArgumentError(`unknown ${unknown.join(', ')}: expected some of ${ceilingReads.join(', ')}`);
  return new Set(reads as CeilingRead[]);
};

/**
 * Reads a lifecycle override: inline JSON or the path of a JSON file, of settings the lifecycle has,
 * each of its default's kind and range, checked as a what-if's change file is (`completePatch`): a
 * misspelt setting or a value of another kind would otherwise measure the defaults, or something
 * else, under the name of a change. The settings given, a group set in part completed with its
 * defaults. JSON has no infinity: the string `"Infinity"` stands for it where a number is expected
 * (`{"longSilenceDays":"Infinity"}` turns a rule off).
 */
export function readLifecycleOverride(value: string | undefined): Partial<LifecycleConfig> {
  if (value === undefined) return {};
  const text = existsSync(value) ? readFileSync(value, 'utf8') : value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidArgumentError(`--lifecycle: expected JSON or a JSON file, got ${value.slice(0, 80)}`);
  }
  try {
    return completePatch(
      parsed,
      defaultLifecycleConfig,
      { ranges: lifecycleSettingRanges, infinity: true },
      '--lifecycle',
    );
  } catch (error) {
    throw error instanceof ReplayError ? new InvalidArgumentError(error.message) : error;
  }
}

/** One line of figures. */
function summaryOf({ churn, fraud }: DetectionQuality): string {
  return (
    `churn P ${churn.precision.toFixed(3)} R ${churn.recall.toFixed(3)} FPR ${churn.falsePositiveRate.toFixed(3)} median lead ${churn.medianLeadDays.toFixed(1)} d | ` +
    `fraud R ${fraud.recall.toFixed(3)} (bursts ${fraud.burstRecall.toFixed(3)}) FPR ${(fraud.falsePositiveRate * 100).toFixed(2)} %`
  );
}

/** Churn figures at thresholds as `--json` prints them: flat, without the list of lead times. */
const pointsAsJson = (points: ReadonlyArray<Readonly<{ threshold: number; churn: ChurnQuality }>>) =>
  points.map(({ threshold, churn }) => ({ threshold, ...churn, leadDays: undefined }));

/** Marker lines between which `--write` replaces the figures in docs/quality.md. */
export const FIGURES_BEGIN = '<!-- quality:figures:begin -->';
export const FIGURES_END = '<!-- quality:figures:end -->';

/** `npm run quality`: runs populations through an in-process Heed and reports detection quality. */
export function qualityCommand(): Command {
  return new Command('quality')
    .description(
      'Run simulated populations with ground truth through ingest → store → engine and measure churn and fraud detection.',
    )
    .option('--seeds <list>', 'seeds to report on, comma-separated (tune on another one)', seedList, [2, 3])
    .option('--customers <n>', 'customers per population', integer, 300)
    .option('--weeks <n>', 'simulated weeks', integer, 8)
    .option('--lifecycle <json|file>', 'lifecycle configuration override (Partial<LifecycleConfig>)')
    .option('--write <file>', 'replace the figures section of this Markdown file (docs/quality.md)')
    .option('--json', 'print the figures as JSON on the last line')
    .addOption(
      new Option(
        '--delivery <simulated|burst>',
        'simulated: step through simulated time, replies from the running system; burst: the whole history (replies from the in-memory fold) as fast as it goes, same figures expected',
      )
        .choices(deliveries)
        .default('simulated'),
    )
    .option(
      '--in-memory',
      'fold each customer through the lifecycle machine in memory instead of the whole system (seconds, for tuning; not for --write)',
    )
    .option(
      '--thresholds <list>',
      'with --in-memory: churn figures at each of these atRiskScore thresholds, comma-separated, from one fold (for tuning)',
      thresholdList,
    )
    .option(
      '--ceiling',
      "what the population allows: the churn figures of a detector that knows each subscriber's habits and the simulator's model (no Heed involved)",
    )
    .option(
      '--ceiling-reads <list>',
      `with --ceiling: what the detector reads of each day, comma-separated (${ceilingReads.join(', ')}; default all)`,
      readList,
    )
    .option(
      '--feedback <holdout>',
      'close the loop: connect delivers the commands, customers react to what reaches them, this share of them is held out; ends with the outcomes report (docs/outcomes.md)',
      share,
    )
    .option('--no-progress', 'no progress bar')
    .action(
      async (options: {
        seeds: number[];
        customers: number;
        weeks: number;
        lifecycle?: string;
        write?: string;
        json?: boolean;
        delivery: Delivery;
        inMemory?: boolean;
        thresholds?: number[];
        ceiling?: boolean;
        ceilingReads?: Set<CeilingRead>;
        feedback?: number;
        progress: boolean;
      }) => {
        const lifecycle = readLifecycleOverride(options.lifecycle);
        if (options.thresholds !== undefined && !options.inMemory)
          throw new InvalidArgumentError('--thresholds goes with --in-memory');
        if (options.ceilingReads !== undefined && !options.ceiling)
          throw new InvalidArgumentError('--ceiling-reads goes with --ceiling');
        if (
          options.feedback !== undefined &&
          (options.write !== undefined || options.inMemory || options.ceiling || options.delivery !== 'simulated')
        )
          throw new InvalidArgumentError(
            '--feedback changes what customers do (they react): it runs the simulated delivery, without --write, --in-memory or --ceiling',
          );
        if (options.ceiling) {
          if (
            options.write !== undefined ||
            options.inMemory ||
            options.lifecycle !== undefined ||
            options.delivery !== 'simulated'
          )
            throw new InvalidArgumentError(
              '--ceiling measures no Heed: drop --write, --in-memory, --lifecycle and --delivery',
            );
          const figures = options.seeds.map((seed) => {
            const population = generatePopulation({ seed, customers: options.customers, weeks: options.weeks });
            const points = churnCeiling(population, undefined, options.ceilingReads);
            console.log(renderCeiling(population.options, points, options.ceilingReads), '\n');
            return {
              seed,
              points: pointsAsJson(points),
            };
          });
          if (options.json) console.log(JSON.stringify(figures));
          return;
        }
        if (options.inMemory) {
          if (options.delivery !== 'simulated')
            throw new InvalidArgumentError(
              `--delivery ${options.delivery} sends through the whole system, --in-memory folds without it: drop one`,
            );
          if (options.write !== undefined)
            throw new InvalidArgumentError('--write reports the whole system: drop --in-memory');
          const thresholds = options.thresholds;
          if (thresholds !== undefined) {
            const figures = options.seeds.map((seed) => {
              const population = generatePopulation({ seed, customers: options.customers, weeks: options.weeks });
              const points = foldChurnSweep(population, lifecycle, thresholds);
              console.log(renderSweep(population.options, points), '\n');
              return {
                seed,
                points: pointsAsJson(points),
              };
            });
            if (options.json) console.log(JSON.stringify(figures));
            return;
          }
          const figures = options.seeds.map((seed) => {
            const population = generatePopulation({ seed, customers: options.customers, weeks: options.weeks });
            const run = foldQuality(population, lifecycle);
            console.log(`seed ${seed} (in memory): ${summaryOf(run.quality)} | ${run.seconds.toFixed(1)} s`);
            return { seed, ...run.quality };
          });
          if (options.json) console.log(JSON.stringify(figures));
          return;
        }
        const runs: ReportedRun[] = [];
        for (const seed of options.seeds) {
          const population = generatePopulation({ seed, customers: options.customers, weeks: options.weeks });
          console.log(
            `seed ${seed}: ${population.customers.length} customers, ${population.signals.length} signals over ${options.weeks} weeks, delivered ${deliveredAs[options.delivery]}`,
          );
          const run = await runQuality(population, {
            lifecycle,
            delivery: options.delivery,
            progress: options.progress && process.stdout.isTTY,
            ...(options.feedback !== undefined && { feedback: { holdout: options.feedback } }),
          });
          runs.push({ population: population.options, run });
          console.log(`  ${summaryOf(run.quality)} | ${run.seconds.toFixed(0)} s`);
          if (run.feedback !== undefined)
            console.log(
              `\nOutcomes, seed ${seed} (holdout ${options.feedback}; ${run.feedback.reactions} reactions sent back):\n\n${renderOutcomes(run.feedback.outcomes, 'markdown')}\n`,
            );
        }
        const command = [
          'npm run quality --',
          ...process.argv
            .slice(2)
            .filter((a) => !a.startsWith('--write') && !a.endsWith('.md'))
            .map((a) => (/[{"\s]/.test(a) ? `'${a}'` : a)),
        ].join(' ');
        const figures = renderQualityFigures(runs, lifecycle, command.trim());
        if (options.write !== undefined) {
          const doc = existsSync(options.write)
            ? readFileSync(options.write, 'utf8')
            : `${FIGURES_BEGIN}\n${FIGURES_END}\n`;
          const begin = doc.indexOf(FIGURES_BEGIN);
          const end = doc.indexOf(FIGURES_END);
          if (begin < 0 || end < begin)
            throw new InvalidArgumentError(`${options.write}: no ${FIGURES_BEGIN} … ${FIGURES_END} section`);
          writeFileSync(options.write, `${doc.slice(0, begin + FIGURES_BEGIN.length)}\n${figures}\n${doc.slice(end)}`);
          console.log(`figures written to ${options.write}`);
        } else {
          console.log(`\n${figures}`);
        }
        if (options.json)
          console.log(
            JSON.stringify(
              runs.map((r) => ({
                seed: r.population.seed,
                delivery: r.run.delivery,
                ...r.run.quality,
                decisions: undefined,
              })),
            ),
          );
      },
    );
}
