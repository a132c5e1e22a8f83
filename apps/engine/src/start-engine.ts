import type { EventStoreDBClient } from '@eventstore/db-client';
import { ActorRuntime, type TimerWheel } from '@heed/actors';
import { PersistentSubscriptionTransport } from '@heed/event-store';
import { createHttpApp, createMetricsRegistry } from '@heed/service';
import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Registry } from 'prom-client';
import type { AnyStateMachine } from 'xstate';
import type { ActorKind } from './engine-options';
import { EngineModule } from './engine.module';
import { SubscriptionLag } from './health/subscription-lag';
import { EngineMetrics } from './metrics/engine-metrics';
import type { EngineConfig } from './engine.config';
import { serveEngineOpenApi } from './openapi/engine-openapi';
import { ACTOR_INPUT } from './signals/signal.consumer';
import { serveStudio } from './studio/serve-studio';
import { TimerWheelService } from './timers/timer-wheel.service';

export interface EngineDependencies {
  readonly client: EventStoreDBClient;
  /** The kind of actor to run: the customer lifecycle in production. */
  readonly kind: ActorKind;
  readonly logger?: LoggerService | false;
  /** Wall clock against which timers come due (tests simulate it); `Date.now` by default. */
  readonly now?: () => number;
  /** The built Heed Studio to serve at `/`; `dist/studio` of the checkout by default. */
  readonly studioDir?: string;
  /** The process's metrics registry, served at `/metrics` (shared in the all-in-one process); a new one by default. */
  readonly metrics?: Registry;
}

export interface RunningEngine {
  readonly app: NestFastifyApplication;
  readonly runtime: ActorRuntime<AnyStateMachine>;
  readonly transport: PersistentSubscriptionTransport;
  /** The durable timer wheel; it ticks by itself every `HEED_TIMER_TICK_MS`. */
  readonly timers: TimerWheel;
  /** The replica's lag behind the head of its input stream. */
  readonly lag: SubscriptionLag;
  readonly url: string;
  /**
   * Graceful stop: stops taking signals, finishes the mailboxes in flight and acknowledges them,
   * then closes the HTTP server.
   */
  stop(): Promise<void>;
}

/** Starts an engine replica: HTTP API plus the persistent-subscription consumer of signals. */
export async function startEngine(config: EngineConfig, dependencies: EngineDependencies): Promise<RunningEngine> {
  const { client } = dependencies;
  // Late signals are folded by the configured policy everywhere the engine folds (ADR 0078).
  const kind: ActorKind = {
    ...dependencies.kind,
    definition: { ...dependencies.kind.definition, allowedLatenessMs: config.allowedLatenessMs },
  };
  const registry = dependencies.metrics ?? createMetricsRegistry();
  const metrics = new EngineMetrics(registry);
  const runtime = new ActorRuntime<AnyStateMachine>({
    client,
    definition: kind.definition,
    streams: kind.streams,
    snapshotEvery: config.snapshotEvery,
    maxResident: config.maxResident,
    idleMs: config.idleMs,
    maxConcurrentRehydrations: config.maxConcurrentRehydrations,
    wallClock: dependencies.now,
    observer: metrics,
  });
  const transport = new PersistentSubscriptionTransport({
    client,
    stream: kind.inputCategoryStream,
    group: config.group,
    maxRetries: config.maxRetries,
    bufferSize: config.bufferSize,
    patternOf: () => ACTOR_INPUT,
    onSettled: (outcome) => metrics.settled(outcome),
  });
  const lag = new SubscriptionLag({
    client,
    stream: kind.inputCategoryStream,
    group: config.group,
    progress: transport.progress,
  });
  let subscription = 'connecting';
  const statusSubscription = transport.status.subscribe((status) => (subscription = status));
  const app = await createHttpApp(
    EngineModule.forRoot({
      config,
      client,
      kind,
      runtime,
      now: dependencies.now,
      status: { subscription: () => subscription, lag: () => lag.sample(), readyMaxLag: config.readyMaxLag },
      metrics,
    }),
    { logger: dependencies.logger, metrics: { registry, service: 'engine' } },
  );
  const timers = app.get(TimerWheelService).wheel;
  metrics.watch({
    residentActors: () => runtime.residentCount,
    signalsInFlight: () => transport.progress.holdingCount,
    subscriptionConnected: () => subscription === 'connected',
    timers: () => timers.pending(),
    lag: () => lag.sample(),
  });
  serveEngineOpenApi(app);
  await serveStudio(app, dependencies.studioDir);
  app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(config.port, config.host);
  const url = await app.getUrl();
  let stopped: Promise<void> | undefined;
  return {
    app,
    runtime,
    transport,
    timers,
    lag,
    url,
    stop: () =>
      (stopped ??= (async () => {
        await transport.close();
        await runtime.drain();
        statusSubscription.unsubscribe();
        await app.close();
      })()),
  };
}
