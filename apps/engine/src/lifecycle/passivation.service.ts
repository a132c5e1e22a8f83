import type { ActorRuntime } from '@heed/actors';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AnyStateMachine } from 'xstate';
import { ACTOR_RUNTIME, ENGINE_CONFIG } from '../engine-options';
import type { EngineConfig } from '../engine.config';

/** Drops idle actors from memory on a schedule; they come back by rehydration on their next signal. */
@Injectable()
export class PassivationService implements OnApplicationBootstrap, OnApplicationShutdown {
  private interval: NodeJS.Timeout | undefined;

  constructor(
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    @Inject(ACTOR_RUNTIME) private readonly runtime: ActorRuntime<AnyStateMachine>,
  ) {}

  onApplicationBootstrap(): void {
    this.interval = setInterval(() => this.runtime.passivateIdle(), Math.max(1_000, this.config.idleMs / 4));
    this.interval.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.interval);
  }
}
