import type { EventStoreDBClient } from '@eventstore/db-client';
import type { Destination } from '@heed/connect';
import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DestinationWorker, destinationGroup } from './delivery/destination-worker';
import type { ConnectMetrics } from './metrics/connect-metrics';

export const CONNECT_OPTIONS = Symbol('CONNECT_OPTIONS');

export interface ConnectModuleOptions {
  readonly client: EventStoreDBClient;
  readonly destinations: readonly Destination[];
  readonly groupPrefix: string;
  readonly random?: () => number;
  readonly metrics?: ConnectMetrics;
}

/** One worker per configured destination, started with the app and stopped gracefully with it. */
@Injectable()
export class DeliveryWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Connect');
  readonly workers: readonly DestinationWorker[];

  constructor(@Inject(CONNECT_OPTIONS) options: ConnectModuleOptions) {
    this.workers = options.destinations.map(
      (destination) =>
        new DestinationWorker({
          client: options.client,
          destination,
          group: destinationGroup(options.groupPrefix, destination),
          logger: this.logger,
          random: options.random,
          onRecorded: options.metrics && ((outcomes) => options.metrics!.recorded(outcomes)),
          onRedelivered:
            options.metrics && ((alreadySettled) => options.metrics!.redelivered(destination.name, alreadySettled)),
        }),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const worker of this.workers) await worker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
  }
}

@Module({})
export class ConnectModule {
  static forRoot(options: ConnectModuleOptions): DynamicModule {
    return {
      module: ConnectModule,
      providers: [{ provide: CONNECT_OPTIONS, useValue: options }, DeliveryWorkers],
      exports: [DeliveryWorkers],
    };
  }
}
