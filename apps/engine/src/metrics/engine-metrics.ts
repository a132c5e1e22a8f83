import type { ActorRuntimeObserver, TimerWheelObserver } from '@heed/actors';
import type { SettledOutcome } from '@heed/event-store';
import { metricOf } from '@heed/service';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { LagSample } from '../health/subscription-lag';

/** What the engine's gauges read when scraped. */
export interface EngineGauges {
  readonly residentActors: () => number;
  readonly signalsInFlight: () => number;
  readonly subscriptionConnected: () => boolean;
  readonly timers: () => { readonly openBuckets: number; readonly waiting: number };
  readonly lag: () => Promise<LagSample>;
}

/** A timer fired by the wall clock more than this after its due time counts as late. */
export const LATE_TIMER_MS = 60_000;

/** Command events: Heed's commands are the `…Requested` family (docs/streams.md). */
const isCommand = (type: string): boolean => type.endsWith('Requested');

const counter = <L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[] = []) =>
  metricOf(registry, name, () => new Counter<L>({ name, help, labelNames, registers: [registry] }));

/**
 * The engine's metrics (docs/operations.md): the actor runtime's and the timer wheel's observer,
 * told by the subscription how each signal ended, and gauges read at scrape time. Labels are
 * outcomes and command types only, never customers.
 */
export class EngineMetrics implements ActorRuntimeObserver, TimerWheelObserver {
  private readonly signals: Record<SettledOutcome, Counter.Internal>;
  private readonly inputsFolded: Counter;
  private readonly commands: Counter<'type'>;
  private readonly commandOf = new Map<string, Counter.Internal>();
  private readonly rehydrations: Histogram<'snapshot'>;
  private readonly rehydratedInputs: Counter;
  private readonly freshStarts: Counter;
  private readonly snapshots: Counter<'outcome'>;
  private readonly conflicts: Counter;
  private readonly rederivations: Counter;
  private readonly lateSignals: Counter;
  private readonly timersFiled: Counter;
  private readonly timerDelay: Histogram;
  private readonly timersLate: Counter;
  private gauges: EngineGauges | undefined;

  constructor(private readonly registry: Registry) {
    const signals = counter(
      registry,
      'heed_engine_signals_total',
      'Signals handled from the subscription, by outcome: processed (outputs durable, acknowledged), retried, parked',
      ['outcome'],
    );
    this.signals = {
      acked: signals.labels('processed'),
      retried: signals.labels('retried'),
      parked: signals.labels('parked'),
    };
    this.inputsFolded = counter(
      registry,
      'heed_engine_inputs_folded_total',
      'Inputs (signals and fired timers) folded through the machine with their outputs appended',
    );
    this.commands = counter(registry, 'heed_engine_commands_emitted_total', 'Command events appended, by type', [
      'type',
    ]);
    this.rehydrations = metricOf(
      registry,
      'heed_engine_rehydration_duration_seconds',
      () =>
        new Histogram({
          name: 'heed_engine_rehydration_duration_seconds',
          help: 'Time to rebuild an actor that was not in memory, by whether a snapshot was used',
          labelNames: ['snapshot'] as const,
          buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
          registers: [registry],
        }),
    );
    this.rehydratedInputs = counter(
      registry,
      'heed_engine_rehydrated_inputs_total',
      'Inputs folded while rebuilding actors (after their snapshot)',
    );
    this.freshStarts = counter(
      registry,
      'heed_engine_fresh_starts_total',
      'Customers whose first signal found no outputs and started them from their initial state, their snapshot not read',
    );
    this.snapshots = counter(registry, 'heed_engine_snapshot_writes_total', 'Snapshot appends, by outcome', [
      'outcome',
    ]);
    this.conflicts = counter(
      registry,
      'heed_engine_conflict_retries_total',
      "Times another writer had appended to an actor's outputs first, so the actor was reloaded and retried",
    );
    this.rederivations = counter(
      registry,
      'heed_engine_rederivations_total',
      'Customers an older machine version wrote that this version re-derived (StateRederived)',
    );
    this.lateSignals = counter(
      registry,
      'heed_engine_late_signals_total',
      'Signals that arrived behind their customer’s latest signal time: corrected (within the allowed lateness, StateCorrected) or marked (later, InputLate)',
      ['handling'],
    );
    this.timersFiled = counter(registry, 'heed_engine_timers_filed_total', 'Timers filed into the timer wheel');
    this.timerDelay = metricOf(
      registry,
      'heed_engine_timer_firing_delay_seconds',
      () =>
        new Histogram({
          name: 'heed_engine_timer_firing_delay_seconds',
          help: 'How long after its due time the wall clock fired a timer (its count is the timers fired)',
          buckets: [0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400],
          registers: [registry],
        }),
    );
    this.timersLate = counter(
      registry,
      'heed_engine_timers_fired_late_total',
      `Timers fired by the wall clock more than ${LATE_TIMER_MS / 1000} s after their due time`,
    );
  }

  /** Registers the gauges, read at each scrape. */
  watch(gauges: EngineGauges): void {
    this.gauges = gauges;
    const watched = () => this.gauges;
    const gauge = (name: string, help: string, read: (g: EngineGauges) => number) =>
      metricOf(
        this.registry,
        name,
        () =>
          new Gauge({
            name,
            help,
            registers: [this.registry],
            collect() {
              const g = watched();
              if (g !== undefined) this.set(read(g));
            },
          }),
      );
    gauge('heed_engine_resident_actors', 'Actors in memory now', (g) => g.residentActors());
    gauge('heed_engine_signals_in_flight', 'Signals delivered to this replica and not settled yet', (g) =>
      g.signalsInFlight(),
    );
    gauge('heed_engine_subscription_connected', '1 when the signal subscription is connected, else 0', (g) =>
      g.subscriptionConnected() ? 1 : 0,
    );
    gauge(
      'heed_engine_timer_buckets_open',
      'Due-time buckets holding timers not fired yet',
      (g) => g.timers().openBuckets,
    );
    gauge(
      'heed_engine_timers_waiting',
      'Timers of the bucket due now that are read and not due yet (later buckets are not read before they come due)',
      (g) => g.timers().waiting,
    );
    const lagGauge = (name: string, help: string, read: (lag: LagSample) => number | undefined) =>
      metricOf(
        this.registry,
        name,
        () =>
          new Gauge({
            name,
            help,
            registers: [this.registry],
            async collect() {
              const lag = await watched()
                ?.lag()
                .catch(() => undefined);
              const value = lag === undefined ? undefined : read(lag);
              // Unknown (the store does not answer): no sample rather than a made-up 0.
              if (value === undefined) this.reset();
              else this.set(value);
            },
          }),
      );
    lagGauge(
      'heed_engine_subscription_lag_events',
      'Events of $ce-customer after everything this replica (or its group) has handled',
      (lag) => lag.events,
    );
    lagGauge(
      'heed_engine_subscription_lag_seconds',
      'How much older the oldest signal not handled is than the newest in $ce-customer',
      (lag) => lag.seconds,
    );
    lagGauge(
      'heed_engine_parked_signals',
      "Signals parked in the engine's group (the store's count)",
      (lag) => lag.parked,
    );
  }

  /** How the subscription settled a signal. */
  settled(outcome: SettledOutcome): void {
    this.signals[outcome].inc();
  }

  rehydrated(seconds: number, inputsFolded: number, fromSnapshot: boolean): void {
    this.rehydrations.observe({ snapshot: fromSnapshot ? 'used' : 'none' }, seconds);
    if (inputsFolded > 0) this.rehydratedInputs.inc(inputsFolded);
  }

  startedFresh(): void {
    this.freshStarts.inc();
  }

  appended(inputs: number, outputs: readonly { readonly type: string }[]): void {
    this.inputsFolded.inc(inputs);
    for (const { type } of outputs) {
      if (!isCommand(type)) continue;
      let child = this.commandOf.get(type);
      if (child === undefined) this.commandOf.set(type, (child = this.commands.labels(type)));
      child.inc();
    }
  }

  snapshot(outcome: 'written' | 'failed'): void {
    this.snapshots.inc({ outcome });
  }

  conflictRetried(): void {
    this.conflicts.inc();
  }

  rederived(): void {
    this.rederivations.inc();
  }

  corrected(): void {
    this.lateSignals.inc({ handling: 'corrected' });
  }

  markedLate(): void {
    this.lateSignals.inc({ handling: 'marked' });
  }

  filed(): void {
    this.timersFiled.inc();
  }

  fired(lateMs: number): void {
    this.timerDelay.observe(Math.max(0, lateMs) / 1000);
    if (lateMs > LATE_TIMER_MS) this.timersLate.inc();
  }
}

/** Injection token of the engine's metrics. */
export const ENGINE_METRICS = Symbol('ENGINE_METRICS');
