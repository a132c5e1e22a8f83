/**
 * `node -r @swc-node/register libs/domain/bench/fold.bench.ts`: the cost per signal of folding a
 * customer's stream through the lifecycle machine, in the engine's two steps:
 *  - transition: the pure `transition()` of the lifecycle machine, signal after signal;
 *  - upcast: `upcastSignal` of the stored (JSON round-tripped) current-version data;
 *  - both: upcast then transition, what rehydrating a stream costs in the domain.
 * Each stands beside a limit measured in the same run: the same fold through a trivial one-state
 * machine with one `assign`, the floor of XState's `transition()` itself.
 *
 * The "one scope" line folds through `machine.transition()` with one actor scope reused for the
 * whole stream, as the actor runtime folds (`libs/actors` `pureTransition`): what it saves by not
 * building XState's throw-away actor on every signal (the pure `transition()` builds one per call).
 * "XState's assign" folds the same statechart as XState runs it: its own `assign` resolution instead
 * of the one that keeps the state value (ADR 0072), its own transition selection and `stateIn`
 * checks (ADR 0080), in both ways: what those savings gain, measured in the same run. For a change
 * against another copy of the source tree, in one process, see fold-compare.bench.ts.
 * `--profile` runs only the one-scope fold, 15 times, for `node --cpu-prof` and
 * fold-profile-summary.ts. Run it also with
 * `node --max-semi-space-size=32`: the young generation's size decides much of the garbage
 * collection cost (see docs/benchmarks/domain.md).
 *
 * The stream is one customer's 10,000 signals of the engine benchmark's mix (sessions, pricing
 * views, product view + add, card transactions, logins), ten minutes apart. Goals: the fold alone
 * ≤ 10 µs of CPU per signal (issue 26); a 10,000-signal rehydration in 150 ms or less, so upcast +
 * transition ≤ 15 µs per signal. Figures are CPU time of the process (`process.cpuUsage()`) and
 * wall time, per signal. The last line printed is the figures as JSON.
 */
import { assign, initialTransition, setup, transition } from 'xstate';
import type { CustomerSignal } from '../src/catalog/signal-catalog';
import { upcastSignal } from '../src/catalog/upcast-signal';
import type { StoredSignalData } from '../src/catalog/upcast-signal';
import { assignKeepsStateValue } from '../src/lifecycle/assign-keeps-state-value';
import { computeInputlessStartOnce } from '../src/lifecycle/inputless-start';
import { defineLifecycleMachine, lifecycleMachine } from '../src/lifecycle/lifecycle.machine';
import { resolveStateInOnce } from '../src/lifecycle/state-in-resolved-once';
import { indexTransitionsByEventType } from '../src/lifecycle/transitions-by-event-type';
import { everydayMix } from '../src/testing';
import { foldThrough, foldWithOneScope } from './folds';

const signalCount = 10_000;
const warmups = 3;
const rounds = 9;
/** Goal of the whole rehydration in the domain (upcast + transition): 150 ms per 10,000 signals. */
const goalMicros = 15;
/** Goal of the lifecycle fold alone, per signal (issue 26), CPU time. */
const foldGoalMicros = 10;
/**
 * The machine as XState runs it (without the savings of ADR 0072 and 0080; with the inputless start
 * computed once, as before it): what the saving gains, in the same run.
 */
const referenceMachine = computeInputlessStartOnce(defineLifecycleMachine());

/**
 * The lifecycle statechart's shape alone, through the same runtime savings as the lifecycle machine:
 * every guard false, every action an \`assign\` that keeps the context. Folded with one scope, what
 * XState (and the savings' wrappers) take of the fold before any of the domain's work: a floor under
 * the one-scope figure for this statechart (the real fold's guards also pass, and move it more).
 */
const shapeMachine = (() => {
  const machine = defineLifecycleMachine();
  const { guards, actions } = machine.implementations;
  const hollow = machine.provide({
    guards: Object.fromEntries(Object.keys(guards).map((name) => [name, () => false])),
    actions: Object.fromEntries(Object.keys(actions).map((name) => [name, assign(({ context }) => context)])),
  });
  return computeInputlessStartOnce(indexTransitionsByEventType(resolveStateInOnce(assignKeepsStateValue(hollow))));
})();

const customerSignals = (n: number): CustomerSignal[] => everydayMix(n);

type Stored = Readonly<{ type: string; version: number; data: StoredSignalData }>;

/** As the engine reads them back: the event's type, and its JSON data with the version inside. */
const storedOf = (signals: readonly CustomerSignal[]): Stored[] =>
  signals.map((s) => ({
    type: s.type,
    version: s.version,
    data: JSON.parse(
      JSON.stringify({
        customerId: s.customerId,
        occurredAt: s.occurredAt,
        version: s.version,
        properties: s.properties,
      }),
    ) as StoredSignalData,
  }));

function upcastAll(stored: readonly Stored[]): CustomerSignal[] {
  return stored.map((s) => upcastSignal(s.type, s.version, s.data));
}

function upcastAndFold(stored: readonly Stored[]): unknown {
  let [snapshot] = initialTransition(lifecycleMachine, { customerId: 'customer-1' });
  for (const s of stored) [snapshot] = transition(lifecycleMachine, snapshot, upcastSignal(s.type, s.version, s.data));
  return snapshot;
}

type Sample = Readonly<{ wall: number; cpu: number }>;

// The cores are shared: CPU time of this process is the steadier measure when neighbours are busy;
// wall time is what the rehydration goal is about. Both are reported.
// eslint-disable-next-line no-restricted-globals -- the benchmark reads its own CPU time; it is not domain code
const cpuMicros = (): number => (({ user, system }) => user + system)(process.cpuUsage());

/**
 * Microseconds per signal of each run, wall and CPU: the median over `rounds`, after warm-up rounds.
 * The runs take turns within each round, so that a neighbour's load falls on all of them alike.
 */
function microsPerSignal<K extends string>(runs: Readonly<Record<K, () => unknown>>, n: number): Record<K, Sample> {
  const names = Object.keys(runs) as K[];
  for (let i = 0; i < warmups; i++) for (const name of names) runs[name]();
  const samples = Object.fromEntries(names.map((name) => [name, [] as Sample[]])) as Record<K, Sample[]>;
  for (let i = 0; i < rounds; i++) {
    for (const name of names) {
      const wall0 = performance.now();
      const cpu0 = cpuMicros();
      runs[name]();
      samples[name].push({ wall: ((performance.now() - wall0) * 1000) / n, cpu: (cpuMicros() - cpu0) / n });
    }
  }
  const median = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  return Object.fromEntries(
    names.map((name) => [
      name,
      { wall: median(samples[name].map((s) => s.wall)), cpu: median(samples[name].map((s) => s.cpu)) },
    ]),
  ) as Record<K, Sample>;
}

// The floor: XState's transition of a one-state machine whose only work is one `assign`.
const trivialMachine = setup({ types: { context: {} as { count: number } } }).createMachine({
  context: { count: 0 },
  on: { '*': { actions: assign({ count: ({ context }) => context.count + 1 }) } },
});

const signals = customerSignals(signalCount);
const stored = storedOf(signals);

// The fold must be the one the specs describe: print what it ends in, so a change in behaviour shows.
const final = foldThrough(lifecycleMachine, signals) as { value: unknown; context: unknown };
const withOneScope = foldWithOneScope(lifecycleMachine, signals) as { value: unknown; context: unknown };
if (JSON.stringify(withOneScope.context) !== JSON.stringify(final.context)) {
  throw new Error('the fold with one actor scope does not end where transition() ends');
}
const asXStateRunsIt = foldThrough(referenceMachine, signals) as { value: unknown; context: unknown };
if (JSON.stringify([asXStateRunsIt.value, asXStateRunsIt.context]) !== JSON.stringify([final.value, final.context])) {
  throw new Error('the lifecycle machine does not end where the machine XState runs unchanged ends');
}
const fromStored = upcastAndFold(stored) as { value: unknown; context: unknown };
if (JSON.stringify(fromStored.context) !== JSON.stringify(final.context)) {
  throw new Error('upcast + fold does not end where the fold of the built signals ends');
}
console.log(`final state: ${JSON.stringify(final.value)}`);
console.log(`final context: ${JSON.stringify(final.context).length} characters`);

// `--profile`: only the runtime's fold (one scope), 15 times, for `node --cpu-prof` and
// fold-profile-summary.ts (`foldWithOneScope`).
// eslint-disable-next-line no-restricted-globals -- the benchmark reads its own arguments; it is not domain code
const profileOnly = process.argv.includes('--profile');
if (profileOnly) for (let i = 0; i < 15; i++) foldWithOneScope(lifecycleMachine, signals);

/** Measures every fold in turns and prints the figures, their ratios and the goals. */
function measureAndReport(): void {
  const measured = microsPerSignal(
    {
      floor: () => foldThrough(trivialMachine, signals),
      transition: () => foldThrough(lifecycleMachine, signals),
      upcast: () => upcastAll(stored),
      both: () => upcastAndFold(stored),
      oneScope: () => foldWithOneScope(lifecycleMachine, signals),
      shapeOneScope: () => foldWithOneScope(shapeMachine, signals),
      reference: () => foldThrough(referenceMachine, signals),
      referenceOneScope: () => foldWithOneScope(referenceMachine, signals),
    },
    signalCount,
  );
  const floor = measured.floor;
  const figures = {
    signals: signalCount,
    floor,
    transition: measured.transition,
    upcast: measured.upcast,
    both: measured.both,
    transitionWithOneScope: measured.oneScope,
    shapeWithOneScope: measured.shapeOneScope,
    referenceTransition: measured.reference,
    referenceWithOneScope: measured.referenceOneScope,
  };

  const met10 = (micros: number) => (micros <= foldGoalMicros ? 'MET' : 'NOT MET');
  const line = (name: string, m: Sample) =>
    console.log(
      `${name.padEnd(26)} ${m.cpu.toFixed(2).padStart(7)} µs/signal CPU (${(m.cpu / floor.cpu).toFixed(2)} × floor) | ${m.wall.toFixed(2).padStart(7)} µs wall, ${((m.wall * signalCount) / 1000).toFixed(0).padStart(4)} ms per ${signalCount}`,
    );
  line('floor (trivial assign)', floor);
  line('transition', figures.transition);
  line('upcast', figures.upcast);
  line('upcast + transition', figures.both);
  line('one scope (the runtime)', figures.transitionWithOneScope);
  line("the statechart's shape, one scope", figures.shapeWithOneScope);
  line("XState's assign", figures.referenceTransition);
  line("XState's assign, one scope", figures.referenceWithOneScope);
  const saved = (m: Sample, reference: Sample) => `${(m.cpu / reference.cpu).toFixed(2)} × CPU`;
  console.log(
    `ADRs 0072 and 0080's saving against XState's own: transition ${saved(figures.transition, figures.referenceTransition)}, one scope ${saved(figures.transitionWithOneScope, figures.referenceWithOneScope)}`,
  );
  const domainShare = figures.transitionWithOneScope.cpu - figures.shapeWithOneScope.cpu;
  console.log(
    `of the one-scope fold, XState with this statechart's shape (no guard passing, no context changed) takes ${figures.shapeWithOneScope.cpu.toFixed(2)} µs CPU; the domain's work and what it moves the rest, ${domainShare.toFixed(2)} µs`,
  );
  const toGoal = (m: Sample) => `${m.cpu.toFixed(2)} µs CPU = ${(m.cpu / foldGoalMicros).toFixed(2)} × goal`;
  console.log(
    `goal: the fold alone ≤ ${foldGoalMicros} µs/signal CPU: one scope (the runtime's fold) ${toGoal(figures.transitionWithOneScope)} ${met10(figures.transitionWithOneScope.cpu)}; transition() ${toGoal(figures.transition)} ${met10(figures.transition.cpu)}`,
  );
  const met = (micros: number) => (micros <= goalMicros ? 'MET' : 'NOT MET');
  console.log(
    `goal: upcast + transition ≤ ${goalMicros} µs/signal (10,000-signal rehydration ≤ 150 ms): CPU ${met(figures.both.cpu)}, wall ${met(figures.both.wall)}`,
  );
  console.log(JSON.stringify(figures));
}

if (!profileOnly) measureAndReport();
