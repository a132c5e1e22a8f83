import { loadConfig } from '@heed/config';
import { connectStore, StoreConfig } from '@heed/event-store';
import { runMain } from '@heed/service';
import { Command, InvalidArgumentError, Option } from 'commander';
import { attributeOutcomes } from './attribute-outcomes';
import { readCustomerRecords } from './read-customer-records';
import { outcomeFormats, renderOutcomes, type OutcomeFormat } from './render-outcomes';

const days = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 365)
    throw new InvalidArgumentError(`expected days in (0, 365], got ${value}`);
  return n;
};

// `npm run outcomes`: reads the store (HEED_STORE_URL) and writes nothing.
new Command('outcomes')
  .description(
    'Did the commands work? Per command type, how often and how fast customers recovered when the command reached them, against those it did not reach (docs/outcomes.md). Reads the store only.',
  )
  .option('--window <days>', 'days after a command in which a recovery counts', days, 14)
  .addOption(new Option('--format <format>', 'output').choices([...outcomeFormats]).default('table'))
  .action((options: { window: number; format: OutcomeFormat }) =>
    runMain(async () => {
      const client = connectStore(loadConfig(StoreConfig, process.env));
      try {
        const report = attributeOutcomes(await readCustomerRecords(client), options.window);
        console.log(renderOutcomes(report, options.format));
      } finally {
        await client.dispose();
      }
    }),
  )
  .parse(process.argv);
