import { generatePopulation } from '@heed/simulator';
import { runMain } from '@heed/service';
import { Command, InvalidArgumentError } from 'commander';
import { populationCalls } from './send/population-calls';
import { formatSummary, sendCalls } from './send/send-population';
import { integerOption, withTargetOptions, type TargetOptions } from './send/target-options';
import { writeNdjson } from './send/write-ndjson';

type Options = TargetOptions & { seed: number; customers: number; weeks: number; start?: string; out?: string };

const command = withTargetOptions(
  new Command('simulate')
    .description(
      'Generate a seeded population of simulated customers and send it to a running Heed ingest, or write it as NDJSON.',
    )
    .option('--seed <n>', 'seed of the population', integerOption, 1)
    .option('--customers <n>', 'how many customers', integerOption, 300)
    .option('--weeks <n>', 'simulated weeks', integerOption, 8)
    .option('--start <iso>', 'first instant of the simulation (default 2026-01-05T00:00:00Z)')
    .option(
      '--out <file>',
      'write Segment calls to <file> (NDJSON) and the ground truth to <file>.truth.ndjson instead of sending',
    ),
  1_000,
).addHelpText(
  'after',
  '\nExamples:\n  npm run simulate -- --out population.ndjson\n  npm run simulate -- --write-key <key printed by npm start> --rate 500',
);

runMain(async () => {
  command.parse(process.argv);
  const options = command.opts<Options>();
  const population = generatePopulation({
    seed: options.seed,
    customers: options.customers,
    weeks: options.weeks,
    ...(options.start !== undefined && { start: options.start }),
  });
  const calls = populationCalls(population);
  console.log(
    `seed ${options.seed}: ${population.customers.length} customers, ${calls.length} events over ${options.weeks} weeks`,
  );
  if (options.out !== undefined) {
    await writeNdjson(options.out, calls);
    await writeNdjson(`${options.out}.truth.ndjson`, population.customers);
    console.log(`wrote ${options.out} and ${options.out}.truth.ndjson`);
    return;
  }
  if (options.writeKey === undefined) {
    throw new InvalidArgumentError(
      '--write-key (or HEED_WRITE_KEY) is required to send: use the key `npm start` printed',
    );
  }
  const summary = await sendCalls({ url: options.url, writeKey: options.writeKey }, calls, {
    rate: options.rate,
    batchSize: options.batch,
    progress: options.progress && process.stdout.isTTY,
  });
  console.log(formatSummary(summary));
});
