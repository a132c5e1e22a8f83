import { initialTransition, transition } from 'xstate';
import type { StateValue } from 'xstate';
import type { CommandEvent } from '../catalog/commands/command-events';
import type { CustomerSignal } from '../catalog/signal-catalog';
import type { CustomerSnapshot } from '../lifecycle/evolve';
import { lifecycleMachine } from '../lifecycle/lifecycle.machine';
import type { LifecycleMachine } from '../lifecycle/lifecycle.machine';

/** A step of a simulated customer: a signal, or time passing with no signal. */
export type SimulationStep = CustomerSignal | Readonly<{ type: 'time-passes'; millis: number }>;

/** Lets `millis` pass: due timers fire, as the runtime would fire them. */
export const timePasses = (millis: number): SimulationStep => ({ type: 'time-passes', millis });

/** One transition taken: active state ids before and after, the event, and when (ISO-8601) it was taken. */
export type RecordedStep = Readonly<{ from: readonly string[]; event: string; to: readonly string[]; at: string }>;

type Timer = { event: { type: string }; dueAt: number };

/**
 * A stand-in for the actor runtime in tests: folds signals through the pure `transition`, collects
 * emitted command events, keeps the timers the machine sets and cancels, and feeds each timer's
 * event back when simulated time passes its due time (before any later signal).
 */
export class LifecycleSimulation {
  snapshot: CustomerSnapshot;
  readonly emitted: CommandEvent[] = [];
  readonly steps: RecordedStep[] = [];
  private readonly timers = new Map<string, Timer>();
  private clock: number | null = null;

  /** `afterStep`, if given, sees the snapshot after every transition (signal or timer) and its instant. */
  constructor(
    readonly machine: LifecycleMachine = lifecycleMachine,
    customerId = 'customer-1',
    private readonly afterStep?: (snapshot: CustomerSnapshot, at: number) => void,
  ) {
    const [snapshot, actions] = initialTransition(machine, { customerId });
    this.snapshot = snapshot;
    this.collect(actions, 0);
  }

  /** Runs the steps in order. */
  run(...steps: ReadonlyArray<SimulationStep | readonly SimulationStep[]>): this {
    for (const step of steps.flat()) {
      if (step.type === 'time-passes') {
        const until = (this.clock ?? 0) + step.millis;
        this.fireDue(until);
        this.clock = until;
      } else {
        const at = Date.parse(step.occurredAt);
        this.fireDue(at);
        this.clock = Math.max(this.clock ?? at, at);
        this.apply(step, this.clock);
      }
    }
    return this;
  }

  /** Timers set and not yet fired or cancelled, by id. */
  pendingTimers(): ReadonlyArray<Readonly<{ id: string; dueAt: string }>> {
    return [...this.timers].map(([id, t]) => ({ id, dueAt: new Date(t.dueAt).toISOString() }));
  }

  private fireDue(until: number): void {
    for (;;) {
      const due = [...this.timers]
        .filter(([, t]) => t.dueAt <= until)
        // As the actor runtime (and XState's own actor) fires them: by due time, ties in the order
        // they were set (the map's order: a timer set again goes last; the sort is stable).
        .sort(([, a], [, b]) => a.dueAt - b.dueAt)[0];
      if (!due) return;
      this.timers.delete(due[0]);
      this.clock = Math.max(this.clock ?? due[1].dueAt, due[1].dueAt);
      this.apply(due[1].event, due[1].dueAt);
    }
  }

  private apply(event: { type: string }, at: number): void {
    const from = activeStateIds(this.snapshot.value);
    const [next, actions] = transition(this.machine, this.snapshot, event as CustomerSignal);
    this.snapshot = next;
    this.steps.push({ from, event: event.type, to: activeStateIds(next.value), at: new Date(at).toISOString() });
    this.collect(actions, at);
    this.afterStep?.(next, at);
  }

  private collect(actions: ReadonlyArray<{ type: string; params?: unknown }>, at: number): void {
    for (const action of actions) {
      const params = (action.params ?? {}) as {
        event?: { type: string };
        id?: string;
        delay?: number;
        sendId?: string;
      };
      if (action.type === 'xstate.emit' && params.event) this.emitted.push(params.event as CommandEvent);
      if (action.type === 'xstate.raise' && params.event && params.delay !== undefined) {
        this.timers.delete(params.id ?? params.event.type);
        this.timers.set(params.id ?? params.event.type, {
          event: params.event,
          dueAt: at + params.delay,
        });
      }
      if (action.type === 'xstate.cancel' && params.sendId) this.timers.delete(params.sendId);
    }
  }
}

/** Ids (`customer.engagement.at-risk.flagged`) of every active state node of a state value, ancestors included. */
export function activeStateIds(value: StateValue, prefix = 'customer'): string[] {
  if (typeof value === 'string') return [`${prefix}.${value}`];
  return Object.entries(value).flatMap(([key, child]) =>
    child === undefined ? [] : [`${prefix}.${key}`, ...activeStateIds(child, `${prefix}.${key}`)],
  );
}
