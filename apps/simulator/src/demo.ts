import { DAY, generatePopulation, type SimulatedCustomer } from '@heed/simulator';
import { runMain } from '@heed/service';
import { Command, InvalidArgumentError } from 'commander';
import { CustomerWatcher } from './demo/watch-customers';
import { populationCalls } from './send/population-calls';
import { formatSummary, sendCalls } from './send/send-population';
import { integerOption, withTargetOptions, type TargetOptions } from './send/target-options';

type Options = TargetOptions & { engineUrl: string; apiKey?: string; seed: number; customers: number; weeks: number };

const command = withTargetOptions(
  new Command('demo')
    .description(
      'Feed a few hundred simulated customers to a running Heed (npm start) in compressed time and show them moving between states.',
    )
    .option(
      '--engine-url <url>',
      'engine URL (env HEED_ENGINE_URL)',
      process.env.HEED_ENGINE_URL ?? 'http://127.0.0.1:3001',
    )
    .option('--api-key <key>', 'engine API key, to watch customers live (env HEED_API_KEY)', process.env.HEED_API_KEY)
    .option('--seed <n>', 'seed of the population', integerOption, 7)
    .option('--customers <n>', 'how many customers', integerOption, 300)
    .option('--weeks <n>', 'simulated weeks, ending now', integerOption, 6),
  600,
).addHelpText(
  'after',
  '\nnpm start prints a development write key and API key, new on every run. Pass them:\n' +
    '  npm run demo -- --write-key <write key> --api-key <API key>\n' +
    'or set HEED_WRITE_KEY and HEED_API_KEY (or start Heed with HEED_WRITE_KEYS and HEED_API_KEYS set).',
);

/** A handful of customers worth watching: churners, a returning one, fraud victims, a cart abandoner. */
function showcase(customers: readonly SimulatedCustomer[]): Array<{ customerId: string; label: string }> {
  const pick = (label: string, test: (c: SimulatedCustomer) => boolean, n: number) =>
    customers
      .filter(test)
      .slice(0, n)
      .map((c) => ({ customerId: c.customerId, label }));
  return [
    ...pick('fading, will cancel', (c) => c.truth.kind === 'saas' && c.truth.persona === 'fading', 3),
    ...pick('leaves abruptly', (c) => c.truth.kind === 'saas' && c.truth.persona === 'abrupt', 1),
    ...pick('takes a break, comes back', (c) => c.truth.kind === 'saas' && c.truth.persona === 'returning', 1),
    ...pick('card will be abused', (c) => c.truth.kind === 'cardholder' && c.truth.persona === 'fraud-victim', 2),
    ...pick('leaves carts', (c) => c.truth.kind === 'shopper' && c.truth.persona === 'cart-abandoner', 1),
  ];
}

runMain(async () => {
  command.parse(process.argv);
  const options = command.opts<Options>();
  if (options.writeKey === undefined) {
    throw new InvalidArgumentError(
      '--write-key (or HEED_WRITE_KEY) is required: use the development write key `npm start` printed',
    );
  }
  // The simulated weeks end now: ingest refuses times far in the future, and "now" reads naturally.
  const end = Math.floor(Date.now() / 60_000) * 60_000;
  const start = new Date(end - options.weeks * 7 * DAY).toISOString();
  // A fresh id prefix per run, so that a second demo shows new customers instead of duplicates.
  const population = generatePopulation({
    seed: options.seed,
    customers: options.customers,
    weeks: options.weeks,
    start,
    idPrefix: `demo${(end / 60_000).toString(36)}-`,
  });
  const calls = populationCalls(population);
  const watched = showcase(population.customers);
  console.log(
    `Feeding ${population.customers.length} customers (${calls.length} events, ${options.weeks} simulated weeks) at ${options.rate} events/s to ${options.url}`,
  );
  const watcher =
    options.apiKey === undefined
      ? undefined
      : new CustomerWatcher(options.engineUrl, options.apiKey, watched, (line) => console.log(`  ${line}`));
  if (watcher === undefined) console.log('(pass --api-key to watch customers change state as it runs)');
  watcher?.start();
  const summary = await sendCalls({ url: options.url, writeKey: options.writeKey }, calls, {
    rate: options.rate,
    batchSize: options.batch,
    // The watcher prints lines while sending; a progress bar would overwrite them.
    progress: options.progress && watcher === undefined && process.stdout.isTTY,
  });
  // Let the engine and its timer wheel (one tick a second) catch up before the last look.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  await watcher?.stop();
  console.log(formatSummary(summary));
  const auth = options.apiKey ?? '<API key>';
  console.log(
    [
      '',
      'Where to look:',
      ...watched.map(
        (w) =>
          `  curl -H 'authorization: Bearer ${auth}' ${options.engineUrl}/v1/customers/${w.customerId}   # ${w.label}`,
      ),
      '  Streams (any EventStoreDB client, resolveLinkTos: true) on the store npm start printed:',
      '    $ce-lifecycle                      every decision of the engine (StateChanged, commands, timers)',
      '    $et-FlagAccountForSuccessTeamRequested, $et-CardFreezeRequested, $et-CartRecoveryEmailRequested, …',
      '    lifecycle-<customerId>             one customer timeline',
      'Delays (cart recovery, re-engagement, renewal) come due at once here: the simulated times are in the',
      'past, so the timer wheel fires them on its next tick rather than after the simulated hours or days.',
    ].join('\n'),
  );
});
