import { churnPoints, createLifecycleMachine, defaultLifecycleConfig, type LifecycleConfig } from '@heed/domain';
import {
  isChurnFlag,
  measureChurnQuality,
  regionState,
  type ChurnQuality,
  type ObservedDecisions,
  type Population,
} from '@heed/simulator';
import { LifecycleSimulation } from '../../../../libs/domain/src/testing';
import { runUntil, signalsByCustomer } from './fold-quality';

/** The churn figures at one `atRiskScore`. */
export type SweepPoint = Readonly<{ threshold: number; churn: ChurnQuality }>;

/** Above every churn score (0–100): the sweep's run never flags by score, so it sees every score. */
const neverAtRisk = 101;

/**
 * Churn figures at many `atRiskScore` thresholds from one in-memory fold of each subscriber: the
 * same figures as one `foldQuality` run per threshold, in the time of one.
 *
 * Until a customer is first flagged, the threshold changes nothing else the machine does, and the
 * figures depend only on each customer's first flag (a churner is caught by a flag before the
 * cancellation, a stayer is a false positive for any flag). So each subscriber is folded once with
 * no threshold reachable, the churn score is read after every transition (signal or timer) while
 * the engagement region is `active`, and a threshold's first flag is the first instant its score
 * was reached — or an earlier flag that no score raised (a lapsed subscription). Subscribers only:
 * shoppers and cardholders are left out.
 */
export function foldChurnSweep(
  population: Population,
  lifecycle: Partial<LifecycleConfig>,
  thresholds: readonly number[],
): SweepPoint[] {
  const config: LifecycleConfig = { ...defaultLifecycleConfig, ...lifecycle, atRiskScore: neverAtRisk };
  const machine = createLifecycleMachine(config);
  const subscribers = population.customers.filter((c) => c.truth.kind === 'saas');
  const byCustomer = signalsByCustomer(population.signals);
  const decisions = thresholds.map(() => new Map<string, ObservedDecisions>());
  for (const { customerId } of subscribers) {
    // The first instant each threshold was reached, and the first flag raised otherwise.
    const reached = thresholds.map((): number | null => null);
    let flagged: number | null = null;
    const simulation = new LifecycleSimulation(machine, customerId, (snapshot, at) => {
      const engagement = regionState(snapshot.value, 'engagement');
      if (isChurnFlag(engagement)) flagged ??= at;
      if (engagement !== 'active' || flagged !== null) return;
      const points = churnPoints(snapshot.context.engagement, snapshot.context.now, config);
      thresholds.forEach((threshold, i) => {
        if (reached[i] === null && points >= threshold) reached[i] = at;
      });
    });
    for (const signal of byCustomer.get(customerId) ?? []) simulation.run(signal);
    runUntil(simulation, population.window.end);
    thresholds.forEach((_, i) => {
      const first = [reached[i], flagged].filter((at): at is number => at !== null).sort((a, b) => a - b)[0];
      const churnFlags = first === undefined ? [] : [new Date(first).toISOString()];
      decisions[i]!.set(customerId, { customerId, churnFlags, frozenTransactions: [], commands: {} });
    });
  }
  return thresholds.map((threshold, i) => ({ threshold, churn: measureChurnQuality(subscribers, decisions[i]!) }));
}
