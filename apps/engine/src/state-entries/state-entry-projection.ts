import type { EventStoreDBClient } from '@eventstore/db-client';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ACTOR_KIND, STORE_CLIENT, type ActorKind } from '../engine-options';
import { initialRegionStates } from './state-entries';
import { StateEntryProjector } from './state-entry-projector';

/** Runs the state-entry projector (ADR 0070) of the engine's actor kind, when it names state entries. */
@Injectable()
export class StateEntryProjection implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(StateEntryProjection.name);
  readonly projector: StateEntryProjector | undefined;

  constructor(@Inject(STORE_CLIENT) client: EventStoreDBClient, @Inject(ACTOR_KIND) kind: ActorKind) {
    const entries = kind.stateEntries ?? [];
    this.projector =
      entries.length === 0
        ? undefined
        : new StateEntryProjector({
            client,
            entries,
            initial: initialRegionStates(kind.definition.machine),
            outputCategory: kind.streams.output('_').split('-')[0]!,
            onDrop: (reason) => this.logger.warn(`State-entry projection dropped, resuming: ${reason}`),
          });
  }

  onApplicationBootstrap(): void {
    this.projector?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projector?.stop();
  }
}
