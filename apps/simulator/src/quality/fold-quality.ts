import { createLifecycleMachine, type CustomerSignal, type LifecycleConfig } from '@heed/domain';
import { isChurnFlag, measureDetectionQuality, type ObservedDecisions, type Population } from '@heed/simulator';
import { LifecycleSimulation } from '../../../../libs/domain/src/testing';
import { replyToVerification } from './cardholder-replies';
import type { QualityRun } from './run-quality';

/** A fold run's figures and what it took: a whole-system run's, without the engine's steps and timers. */
export type FoldQualityRun = Omit<QualityRun, 'delivery' | 'steps' | 'timersFired'> &
  Readonly<{
    /** The cardholders' replies to the verification SMS of the fold, in time order: the rest of the history. */
    replySignals: readonly CustomerSignal[];
  }>;

/** The engagement region's state among a step's active state ids (`customer.engagement.at-risk.flagged` → `at-risk`). */
const engagementOf = (ids: readonly string[]): string | undefined =>
  ids.find((id) => id.startsWith('customer.engagement.'))?.split('.')[2];
const isFlag = (ids: readonly string[]): boolean => isChurnFlag(engagementOf(ids));

/** Each customer's signals, in the population's (time) order. */
export function signalsByCustomer(signals: readonly CustomerSignal[]): Map<string, CustomerSignal[]> {
  const byCustomer = new Map<string, CustomerSignal[]>();
  for (const signal of signals) {
    const list = byCustomer.get(signal.customerId);
    if (list === undefined) byCustomer.set(signal.customerId, [signal]);
    else list.push(signal);
  }
  return byCustomer;
}

/** Lets simulated time run on from a customer's last step to `end`: the timers due by then fire. */
export function runUntil(simulation: LifecycleSimulation, end: number): void {
  const last = simulation.steps.at(-1)?.at;
  if (last !== undefined && Date.parse(last) < end)
    simulation.run({ type: 'time-passes', millis: end - Date.parse(last) });
}

/**
 * Runs a population through the lifecycle machine alone, in memory: each customer's signals are
 * folded with the pure `transition` in time order, its timers fire when simulated time passes them
 * (`LifecycleSimulation`, the runtime's rules without a store), and cardholders answer verification
 * SMS as in the whole-system run. The same decisions as `runQuality` in seconds instead of minutes,
 * for tuning; the reported figures come from the whole system.
 */
export function foldQuality(population: Population, lifecycle: Partial<LifecycleConfig> = {}): FoldQualityRun {
  const started = performance.now();
  const machine = createLifecycleMachine(lifecycle);
  const byCustomer = signalsByCustomer(population.signals);
  const end = population.window.end;
  const decisions = new Map<string, ObservedDecisions>();
  const replySignals: CustomerSignal[] = [];
  for (const { customerId, truth } of population.customers) {
    const simulation = new LifecycleSimulation(machine, customerId);
    const signals = byCustomer.get(customerId) ?? [];
    const pending: CustomerSignal[] = [];
    let next = 0;
    let answered = 0;
    while (next < signals.length || pending.length > 0) {
      const fromSignals = next < signals.length ? Date.parse(signals[next]!.occurredAt) : Number.POSITIVE_INFINITY;
      const fromReplies = pending.length > 0 ? Date.parse(pending[0]!.occurredAt) : Number.POSITIVE_INFINITY;
      const signal = fromReplies < fromSignals ? pending.shift()! : signals[next++]!;
      simulation.run(signal);
      if (truth.kind !== 'cardholder') continue;
      for (; answered < simulation.emitted.length; answered++) {
        const command = simulation.emitted[answered]!;
        if (command.type !== 'FraudVerificationSmsRequested') continue;
        const reply = replyToVerification(
          truth,
          customerId,
          command.data.transactionId,
          command.requestedAt,
          population.options.seed,
        );
        pending.push(reply);
        pending.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
        replySignals.push(reply);
      }
    }
    runUntil(simulation, end);
    const commands: Record<string, number> = {};
    const frozenTransactions: string[] = [];
    for (const command of simulation.emitted) {
      commands[command.type] = (commands[command.type] ?? 0) + 1;
      if (command.type === 'CardFreezeRequested') frozenTransactions.push(command.data.transactionId);
    }
    const churnFlags = simulation.steps.filter((s) => isFlag(s.to) && !isFlag(s.from)).map((s) => s.at);
    decisions.set(customerId, { customerId, churnFlags, frozenTransactions, commands });
  }
  return {
    quality: measureDetectionQuality(population.customers, decisions),
    decisions,
    signalsSent: population.signals.length,
    replies: replySignals.length,
    replySignals: replySignals.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt)),
    seconds: (performance.now() - started) / 1000,
  };
}
