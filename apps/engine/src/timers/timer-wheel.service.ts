import type { EventStoreDBClient } from '@eventstore/db-client';
import { TimerWheel, type ActorRuntime } from '@heed/actors';
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { AnyStateMachine } from 'xstate';
import { ACTOR_KIND, ACTOR_RUNTIME, ENGINE_CONFIG, STORE_CLIENT, WALL_CLOCK, type ActorKind } from '../engine-options';
import type { EngineConfig } from '../engine.config';
import { ENGINE_METRICS, type EngineMetrics } from '../metrics/engine-metrics';

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
    @Optional() @Inject(ENGINE_METRICS) metrics?: EngineMetrics,
  ) {
    this.wheel = new TimerWheel({
      client,
      now,
      inputStream: (key) => kind.streams.input(key),
      retryLaterMs: config.timerQuietMs,
      observer: metrics,
      // The actor's whole input is folded first: a backlog's inputs later than the due time fire
      // the timer in front of themselves (or cancel it), and the wall clock has nothing left to do.
      decide: async (key, timerId, dueAt) => {
        if ((await runtime.state(key)).timers[timerId]?.dueAt !== dueAt) return 'skip';
        const since = runtime.sinceLastInput(key);
        return since !== undefined && since < config.timerQuietMs ? 'later' : 'fire';
      },
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
