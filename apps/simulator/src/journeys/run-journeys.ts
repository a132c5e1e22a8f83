import { createLifecycleMachine, type LifecycleConfig } from '@heed/domain';
import { SeededRandom } from '@heed/simulator';
import { day, LifecycleSimulation, timePasses, transactionConfirmed } from '../../../../libs/domain/src/testing';
import { churnJourneys, fraudJourneys, type Journey } from './outside-journeys';

/** How a journey fared: of `customers` drawn, how many Heed acted on, and when. */
export type JourneyResult = Readonly<{
  name: string;
  kind: Journey['kind'];
  expected: Journey['expected'];
  customers: number;
  /** Flagged for churn at any time, or (fraud) the run's card frozen at any of its transactions. */
  acted: number;
  /** Fraud: frozen by the third transaction of the run. */
  byThird: number;
  /** Churn: the test days of the first flags; fraud: the run's transaction (1-based) first frozen. */
  when: readonly number[];
}>;

const DAY_MS = 86_400_000;
const start = Date.parse(day(0, '00:00'));

/**
 * Folds `customers` customers of each journey (seeded by `seed`, the journey's name and the
 * customer's number) through the lifecycle, with its timers, as `LifecycleSimulation` does.
 */
export function runJourneys(
  customers: number,
  seed = 1,
  config: Partial<LifecycleConfig> = {},
  journeys: readonly Journey[] = [...churnJourneys, ...fraudJourneys],
): JourneyResult[] {
  const machine = createLifecycleMachine(config);
  return journeys.map((journey) => {
    const when: number[] = [];
    let byThird = 0;
    for (let i = 0; i < customers; i++) {
      const { signals, run = 0 } = journey.draw(SeededRandom.derive(seed, `${journey.name}/${i}`));
      const simulation = new LifecycleSimulation(machine, 'journey');
      if (journey.kind === 'churn') {
        simulation.run(signals, timePasses((journey.silentAfterDays ?? 2) * DAY_MS));
        const flag = simulation.emitted.find((c) => c.type === 'FlagAccountForSuccessTeamRequested');
        if (flag !== undefined) when.push(Math.floor((Date.parse(flag.requestedAt) - start) / DAY_MS));
        continue;
      }
      // The history, each freeze in it answered "yes, that was me" by the cardholder; then the run.
      const history = signals.slice(0, signals.length - run);
      simulation.run(history);
      for (const command of simulation.emitted)
        if (command.type === 'CardFreezeRequested')
          simulation.run(transactionConfirmed(command.data.transactionId, history.at(-1)!.occurredAt));
      const before = simulation.emitted.length;
      const runSignals = signals.slice(signals.length - run);
      for (let k = 0; k < runSignals.length; k++) {
        simulation.run(runSignals[k]!);
        if (simulation.emitted.slice(before).some((c) => c.type === 'CardFreezeRequested')) {
          when.push(k + 1);
          if (k < 3) byThird++;
          break;
        }
      }
    }
    return {
      name: journey.name,
      kind: journey.kind,
      expected: journey.expected,
      customers,
      acted: when.length,
      byThird,
      when: when.sort((a, b) => a - b),
    };
  });
}

/** The results as a Markdown table. */
export function renderJourneys(results: readonly JourneyResult[]): string {
  const rows = results.map((r) => {
    const acted = `${r.acted} / ${r.customers}`;
    const detail =
      r.kind === 'churn'
        ? r.when.length === 0
          ? ''
          : `first flags on days ${r.when[0]}–${r.when.at(-1)} (median ${r.when[Math.floor(r.when.length / 2)]})`
        : r.when.length === 0
          ? ''
          : `${r.byThird} by the third transaction; first frozen at transaction ${[...new Set(r.when)].join(', ')}`;
    const expected = r.expected === 'nothing' ? 'nothing' : r.expected === 'flag' ? 'flagged' : 'frozen';
    return `| ${r.kind} | ${r.name} | ${expected} | ${acted} | ${detail} |`;
  });
  return ['| kind | journey | should be | flagged / frozen | when |', '| --- | --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}
