import { EventStoreDBClient } from '@eventstore/db-client';
import { lifecycleMachineVersion } from '@heed/domain';
import { ReplayError, type WhatIfReport } from '@heed/replay';
import { Command, InvalidArgumentError, Option } from 'commander';
import { availableParallelism } from 'node:os';
import { parseSelection, runAndReport } from '../whatif/whatif-command';
import { deployedVersions } from './deployed-versions';

const integer = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a non-negative integer, got ${value}`);
  return n;
};

type Options = {
  plan?: boolean;
  deployed?: string;
  deployedSettings?: string;
  settings?: string;
  customers: string[];
  seed: number;
  store: string;
  format: 'md' | 'json';
  out?: string;
  workers: number;
  truth?: string;
  examples: number;
  progress: boolean;
};

/** The `upgrade` command line (docs/whatif.md, "Upgrade plan"). */
export function upgradeCommand(): Command {
  return new Command('upgrade')
    .description(
      'Plan a lifecycle machine upgrade: fold every customer through the deployed machine and through this checkout’s, and report what would change. Reads the store only.',
    )
    .option('--plan', 'print the plan (the only mode: re-derivation by the engine is not built yet)')
    .option('--deployed <module>', 'the deployed machine, when it is not this checkout’s version (a machine module)')
    .option('--deployed-settings <file.json>', 'lifecycle settings the deployed engine runs with')
    .option('--settings <file.json>', 'lifecycle settings the new engine will run with, over the deployed ones')
    .option('--customers <spec...>', 'all, sample <n>, or customer ids', ['all'])
    .option('--seed <n>', 'seed of a sample', integer, 1)
    .option(
      '--store <url>',
      'EventStoreDB connection string (env HEED_STORE_URL)',
      process.env.HEED_STORE_URL ?? 'esdb://127.0.0.1:2113?tls=false',
    )
    .addOption(new Option('--format <format>', 'report format').choices(['md', 'json']).default('md'))
    .option('--out <file>', 'write the plan to a file instead of standard output')
    .option('--workers <n>', 'worker threads (0: fold in the main thread)', integer, availableParallelism())
    .option('--truth <file>', 'ground truth of a simulated population')
    .option('--examples <n>', 'example customers per kind of change', integer, 3)
    .option('--no-progress', 'no progress bar');
}

/**
 * `npm run upgrade -- --plan`: the what-if between the deployed machine and this checkout's. The
 * deployed versions are read from the engine's latest snapshots; when they are not this checkout's,
 * the deployed machine must be given as a module (`--deployed`), since its code is not here.
 */
export async function runUpgradeCommand(argv: readonly string[]): Promise<WhatIfReport> {
  const command = upgradeCommand();
  command.parse(argv);
  const options = command.opts<Options>();
  if (options.plan !== true)
    throw new ReplayError('INVALID_OPTION', 'upgrade: only --plan is available (it reads the store only)');
  const client = EventStoreDBClient.connectionString(options.store);
  let versions: Record<string, number>;
  try {
    versions = await deployedVersions(client);
  } finally {
    await client.dispose();
  }
  const others = Object.keys(versions).filter((v) => v !== lifecycleMachineVersion);
  if (options.deployed === undefined && others.length > 0)
    throw new ReplayError(
      'INVALID_OPTION',
      `upgrade: the engine's latest snapshots are of machine version ${Object.keys(versions).join(', ')}, this checkout's is ${lifecycleMachineVersion}: give the deployed machine with --deployed <module> (its createMachine or machine)`,
    );
  if (options.deployed === undefined && options.settings === undefined)
    throw new ReplayError(
      'INVALID_OPTION',
      `upgrade: nothing to plan: the deployed machine is this checkout's version ${lifecycleMachineVersion} and no --settings are given`,
    );
  const seen =
    Object.keys(versions).length === 0
      ? 'no snapshot seen'
      : Object.entries(versions)
          .map(([v, n]) => `v${v} in ${n} of the latest snapshots`)
          .join(', ');
  const deployed = options.deployed ?? `v${lifecycleMachineVersion}`;
  return runAndReport(
    {
      title: `upgrade plan, ${deployed} (deployed: ${seen}) → v${lifecycleMachineVersion} (this checkout)`,
      ...(options.deployed !== undefined && { currentMachine: options.deployed }),
      ...(options.deployedSettings !== undefined && { currentFile: options.deployedSettings }),
      // The new engine's settings, over the deployed ones; without them it keeps the deployed ones.
      ...(options.settings !== undefined && { changeFile: options.settings }),
      customers: parseSelection(options.customers, options.seed),
      storeUrl: options.store,
      workers: options.workers,
      ...(options.truth !== undefined && { truthFile: options.truth }),
      examples: options.examples,
    },
    { format: options.format, ...(options.out !== undefined && { out: options.out }), progress: options.progress },
  );
}
