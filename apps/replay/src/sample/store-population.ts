// `node -r @swc-node/register apps/replay/src/sample/store-population.ts`: a simulated population
// stored in an embedded store, as ingest stores signals, for trying `npm run whatif` against
// (docs/whatif.md). Writes the ground truth beside it and serves the store until stopped.
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { deterministicUuid } from '@heed/actors';
import type { CustomerSignal } from '@heed/domain';
import { startEmbeddedStore } from '@heed/embedded-store';
import { customerStream } from '@heed/event-store';
import { runMain } from '@heed/service';
import { generatePopulation, messageIdOf } from '@heed/simulator';
import { Command, InvalidArgumentError } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';

const integer = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a non-negative integer, got ${value}`);
  return n;
};

const command = new Command('store-population')
  .description(
    'Store a seeded simulated population in an embedded store (signals only), write its ground truth, and serve the store.',
  )
  .option('--seed <n>', 'seed of the population', integer, 1)
  .option('--customers <n>', 'how many customers', integer, 1000)
  .option('--weeks <n>', 'simulated weeks', integer, 8)
  .option('--data <dir>', 'data directory of the store (a new one)', '.heed/whatif-sample')
  .option('--port <n>', 'port of the store', integer, 2114)
  .option('--truth <file>', 'where to write the ground truth (NDJSON)', '.heed/whatif-sample.truth.ndjson')
  .option('--exit', 'stop once stored, instead of serving');

type Options = {
  seed: number;
  customers: number;
  weeks: number;
  data: string;
  port: number;
  truth: string;
  exit?: boolean;
};

runMain(async () => {
  command.parse(process.argv);
  const options = command.opts<Options>();
  const population = generatePopulation({ seed: options.seed, customers: options.customers, weeks: options.weeks });
  mkdirSync(options.data, { recursive: true });
  const store = await startEmbeddedStore({ port: options.port, dataDir: options.data });
  const client = EventStoreDBClient.connectionString(store.connectionString);

  const byCustomer = new Map<string, Array<{ signal: CustomerSignal; index: number }>>();
  population.signals.forEach((signal, index) => {
    const list = byCustomer.get(signal.customerId);
    if (list === undefined) byCustomer.set(signal.customerId, [{ signal, index }]);
    else list.push({ signal, index });
  });
  // Customers in the order of their last signal: the store's latest input is recorded last, as
  // when signals arrive live (the what-if's default horizon reads the last ones recorded).
  const order = [...byCustomer.entries()].sort(
    ([, a], [, b]) => Date.parse(a.at(-1)!.signal.occurredAt) - Date.parse(b.at(-1)!.signal.occurredAt),
  );
  for (const [customerId, signals] of order) {
    for (let i = 0; i < signals.length; i += 500) {
      await client.appendToStream(
        customerStream(customerId),
        signals.slice(i, i + 500).map(({ signal, index }) =>
          jsonEvent({
            id: deterministicUuid(messageIdOf(signal, index)),
            type: signal.type,
            data: {
              customerId: signal.customerId,
              occurredAt: signal.occurredAt,
              version: signal.version,
              properties: signal.properties,
            },
          }),
        ),
      );
    }
  }
  writeFileSync(options.truth, population.customers.map((c) => JSON.stringify(c)).join('\n') + '\n');
  console.log(
    `seed ${options.seed}: ${population.customers.length} customers, ${population.signals.length} signals stored in ${options.data}; truth in ${options.truth}`,
  );
  const stop = async (): Promise<void> => {
    await client.dispose();
    await store.stop();
  };
  if (options.exit === true) return stop();
  console.log(`serving ${store.connectionString}`);
  return stop;
});
