import 'reflect-metadata';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { describeDestination, type Destination } from '@heed/connect';
import type { LoggerService } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { NestFactory } from '@nestjs/core';
import { ConnectModule, DeliveryWorkers } from './connect.module';
import type { ConnectConfig } from './connect.config';
import type { DestinationWorker } from './delivery/destination-worker';
import { loadDestinations } from './load-destinations';
import { ConnectMetrics } from './metrics/connect-metrics';

export interface ConnectDependencies {
  readonly client: EventStoreDBClient;
  /** The destinations; read from `config.file` when not given. */
  readonly destinations?: readonly Destination[];
  /** The environment holding the destinations' secrets (`process.env` in `main`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly logger?: LoggerService | false;
  /** Jitter source, [0, 1). */
  readonly random?: () => number;
  /** Where deliveries are counted (the process's registry); not counted when absent. */
  readonly metrics?: Registry;
}

export interface RunningConnect {
  readonly workers: readonly DestinationWorker[];
  /** One line saying what is delivered where, or that delivery is off. */
  readonly summary: string;
  /** Graceful stop: requests in flight finish and are recorded and acknowledged. */
  readonly stop: () => Promise<void>;
}

/** Starts the connect service: one delivery worker per configured destination. */
export async function startConnect(config: ConnectConfig, dependencies: ConnectDependencies): Promise<RunningConnect> {
  const destinations = dependencies.destinations ?? loadDestinations(config, dependencies.env ?? {});
  if (destinations.length === 0)
    return {
      workers: [],
      summary: 'Heed connect: delivery off (no destinations; set HEED_CONNECT_CONFIG, see config/connect.example.json)',
      stop: async () => undefined,
    };
  const app = await NestFactory.createApplicationContext(
    ConnectModule.forRoot({
      client: dependencies.client,
      destinations,
      groupPrefix: config.groupPrefix,
      random: dependencies.random,
      metrics: dependencies.metrics && new ConnectMetrics(dependencies.metrics),
    }),
    { logger: dependencies.logger ?? undefined, abortOnError: false },
  );
  await app.init();
  let stopped: Promise<void> | undefined;
  return {
    workers: app.get(DeliveryWorkers).workers,
    summary: `Heed connect delivering to ${destinations.map(describeDestination).join('; ')}`,
    stop: () => (stopped ??= app.close()),
  };
}
