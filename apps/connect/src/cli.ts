import { loadConfig } from '@heed/config';
import type { Destination } from '@heed/connect';
import { connectStore, StoreConfig } from '@heed/event-store';
import { runMain } from '@heed/service';
import { Command } from 'commander';
import { ConnectConfig } from './connect.config';
import { destinationGroup } from './delivery/destination-worker';
import { loadDestinations } from './load-destinations';
import { listParked, replayParked } from './parked/parked-deliveries';
import { startConnect } from './start-connect';

const config = loadConfig(ConnectConfig, process.env);

const pick = (destinations: readonly Destination[], name: string | undefined): Destination[] => {
  if (name === undefined) return [...destinations];
  const found = destinations.find((d) => d.name === name);
  if (found === undefined)
    throw new Error(
      `destination ${JSON.stringify(name)}: not in ${config.file ?? 'the configuration'}; expected one of ${destinations.map((d) => d.name).join(', ') || '(none configured)'}`,
    );
  return [found];
};

const program = new Command('connect').description(
  'Heed connect: delivers command events to the destinations of HEED_CONNECT_CONFIG (docs/connect.md).',
);

program
  .command('run', { isDefault: true })
  .description('deliver until stopped (SIGINT/SIGTERM stop gracefully)')
  .action(() =>
    runMain(async () => {
      const client = connectStore(loadConfig(StoreConfig, process.env));
      const connect = await startConnect(config, { client, env: process.env });
      console.log(connect.summary);
      return async () => {
        await connect.stop();
        await client.dispose();
      };
    }),
  );

program
  .command('parked [destination]')
  .description('list the deliveries parked after their last attempt failed, with the reason')
  .action((name: string | undefined) =>
    runMain(async () => {
      const client = connectStore(loadConfig(StoreConfig, process.env));
      try {
        const destinations = pick(loadDestinations(config, process.env), name);
        if (destinations.length === 0) console.log('No destinations configured (HEED_CONNECT_CONFIG is unset).');
        for (const destination of destinations) {
          const parked = await listParked(client, destinationGroup(config.groupPrefix, destination));
          console.log(`${destination.name}: ${parked.length} parked`);
          for (const p of parked)
            console.log(
              `  ${p.parkedAt ?? '-'}  ${p.commandType}  customer ${p.customerId ?? '?'}  ${p.stream}@${p.revision}  id ${p.commandId}\n    ${p.reason}`,
            );
        }
      } finally {
        await client.dispose();
      }
    }),
  );

program
  .command('replay <destination>')
  .description("hand a destination's parked deliveries back to its consumer group, to be delivered again")
  .action((name: string) =>
    runMain(async () => {
      const client = connectStore(loadConfig(StoreConfig, process.env));
      try {
        const [destination] = pick(loadDestinations(config, process.env), name);
        const group = destinationGroup(config.groupPrefix, destination!);
        const count = (await listParked(client, group)).length;
        await replayParked(client, group);
        console.log(`${destination!.name}: ${count} parked deliveries replayed; a running connect delivers them now`);
      } finally {
        await client.dispose();
      }
    }),
  );

program.parse(process.argv);
