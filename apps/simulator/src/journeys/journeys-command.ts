import { Command, InvalidArgumentError } from 'commander';
import { readLifecycleOverride } from '../quality/quality-command';
import { renderJourneys, runJourneys } from './run-journeys';

const positive = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number, 1 or more');
  return n;
};

/**
 * `npm run journeys`: customer journeys the simulator's personas do not tell (docs/quality.md,
 * "Journeys outside the simulator"), folded through the lifecycle in memory, as a Markdown table.
 */
export function journeysCommand(): Command {
  return new Command('journeys')
    .description('fold customer journeys the simulator does not tell through the lifecycle, and count what Heed did')
    .option('--customers <n>', 'customers drawn per journey', positive, 60)
    .option('--seed <n>', 'seed of the draws', positive, 1)
    .option(
      '--lifecycle <json|file>',
      'lifecycle configuration override (Partial<LifecycleConfig>; "Infinity" for infinity)',
    )
    .option('--json', 'print the results as JSON')
    .action((options: { customers: number; seed: number; lifecycle?: string; json?: boolean }) => {
      const results = runJourneys(options.customers, options.seed, readLifecycleOverride(options.lifecycle));
      console.log(options.json === true ? JSON.stringify(results) : renderJourneys(results));
    });
}
