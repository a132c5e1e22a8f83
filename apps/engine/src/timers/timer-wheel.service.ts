import type { EventStoreDBClient } from '@eventstore/db-client';
import { TimerWheel, type ActorRuntime } from '@heed/actors';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AnyStateMachine } from 'xstate';
import { ACTOR_KIND, ACTOR_RUNTIME, ENGINE_CONFIG, STORE_CLIENT, WALL_CLOCK, type ActorKind } from '../engine-options';
import type { EngineConfig } from '../engine.config';

/** Runs the durable timer wheel: every tick, fires the actors' timers that came due. */
@Injectable()
export class TimerWheelService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TimerWheelService.name);
  readonly wheel: TimerWheel;
  private interval: NodeJS.Timeout | undefined;

  constructor(
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    @Inject(STORE_CLIENT) client: EventStoreDBClient,
    @Inject(ACTOR_RUNTIME) runtime: ActorRuntime<AnyStateMachine>,
    @Inject(ACTOR_KIND) kind: ActorKind,
    @Inject(WALL_CLOCK) now: () => number,
  ) {
    this.wheel = new TimerWheel({
      client,
      now,
      inputStream: (key) => kind.streams.input(key),
      isPending: async (key, timerId, dueAt) => (await runtime.state(key)).timers[timerId]?.dueAt === dueAt,
    });
  }

  onApplicationBootstrap(): void {
    this.interval = setInterval(() => {
      this.wheel.tick().catch((error: unknown) => {
        this.logger.warn(
          `Timer tick failed, retrying next tick: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    }, this.config.timerTickMs);
    this.interval.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.interval);
    await this.wheel.settled();
  }
}
