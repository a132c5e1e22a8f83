import type { EventStoreDBClient } from '@eventstore/db-client';
import { loadConfig } from '@heed/config';
import type { LoggerService } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { ConnectConfig } from './connect.config';
import { startConnect, type RunningConnect } from './start-connect';

/**
 * Starts connect inside another Heed process (what `npm start` runs) from the `HEED_CONNECT_*`
 * variables, on that process's client, and prints its start line (which destinations, or that
 * delivery is off) unless the logger is silenced.
 *
 * @throws ConfigError when the variables or the destinations file are invalid.
 */
export async function startConnectFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  dependencies: {
    readonly client: EventStoreDBClient;
    readonly logger?: LoggerService | false;
    readonly metrics?: Registry;
  },
): Promise<RunningConnect> {
  const connect = await startConnect(loadConfig(ConnectConfig, env), { ...dependencies, env });
  if (dependencies.logger !== false) console.log(connect.summary);
  return connect;
}
