import type { CommandEvent, CommandEventType } from '../catalog/commands/command-events';
import { createLifecycleMachine } from '../lifecycle/lifecycle.machine';
import type { LifecycleConfig } from '../lifecycle/lifecycle-config';
import { activeStateIds, LifecycleSimulation } from './lifecycle-simulation';
import type { SimulationStep } from './lifecycle-simulation';

/** What a spec's `then` sees: the simulation after `when`, and only the commands emitted during `when`. */
export type Outcome = Readonly<{ simulation: LifecycleSimulation; emitted: readonly CommandEvent[] }>;

/** One expectation of a spec; throws {@link SpecFailure} when unmet. */
export type Expectation = (outcome: Outcome) => void;

/** A lifecycle spec's expectation was not met. */
export class SpecFailure extends Error {
  readonly code = 'SPEC_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'SpecFailure';
  }
}

type Steps = ReadonlyArray<SimulationStep | readonly SimulationStep[]>;

/**
 * Given/when/then over events in, state and command events out:
 * `given(...history).when(...signals).then(stateIs('at-risk'), emitted('FlagAccountForSuccessTeamRequested'))`.
 */
export function given(...history: Steps) {
  return givenWith({}, ...history);
}

/** {@link given} with a configuration other than the defaults. */
export function givenWith(config: Partial<LifecycleConfig>, ...history: Steps) {
  return {
    when: (...steps: Steps) => ({
      then: (...expectations: Expectation[]): void => {
        const simulation = new LifecycleSimulation(createLifecycleMachine(config)).run(...history);
        const before = simulation.emitted.length;
        simulation.run(...steps);
        const outcome = { simulation, emitted: simulation.emitted.slice(before) };
        for (const expectation of expectations) expectation(outcome);
      },
    }),
  };
}

/** The customer is in `state`: a state name in any region (`'at-risk'`) or a dotted path (`'fraud.suspicious'`). */
export const stateIs =
  (state: string): Expectation =>
  ({ simulation }) => {
    const ids = activeStateIds(simulation.snapshot.value);
    const found = ids.some((id) => id.endsWith(`.${state}`));
    if (!found) throw new SpecFailure(`expected state ${state}, got ${JSON.stringify(simulation.snapshot.value)}`);
  };

/** The customer is not in `state`. */
export const stateIsNot =
  (state: string): Expectation =>
  ({ simulation }) => {
    if (activeStateIds(simulation.snapshot.value).some((id) => id.endsWith(`.${state}`))) {
      throw new SpecFailure(`expected not ${state}, got ${JSON.stringify(simulation.snapshot.value)}`);
    }
  };

/** A command of `type` was emitted during `when`, and `check` (if given) holds for it. */
export const emitted =
  <T extends CommandEventType>(
    type: T,
    check?: (command: Extract<CommandEvent, { type: T }>) => boolean,
  ): Expectation =>
  ({ emitted: commands }) => {
    const ofType = commands.filter((c): c is Extract<CommandEvent, { type: T }> => c.type === type);
    if (ofType.length === 0)
      throw new SpecFailure(`expected ${type} to be emitted, got [${commands.map((c) => c.type).join(', ')}]`);
    if (check && !ofType.some(check))
      throw new SpecFailure(`${type} was emitted but not as expected: ${JSON.stringify(ofType)}`);
  };

/** Exactly these command types were emitted during `when`, in this order. */
export const emittedExactly =
  (...types: CommandEventType[]): Expectation =>
  ({ emitted: commands }) => {
    const got = commands.map((c) => c.type);
    if (JSON.stringify(got) !== JSON.stringify(types)) {
      throw new SpecFailure(`expected exactly [${types.join(', ')}], got [${got.join(', ')}]`);
    }
  };

/** No command was emitted during `when`. */
export const emittedNothing = (): Expectation => emittedExactly();

/** No command of `type` was emitted during `when`. */
export const notEmitted =
  (type: CommandEventType): Expectation =>
  ({ emitted: commands }) => {
    if (commands.some((c) => c.type === type)) throw new SpecFailure(`expected no ${type}, got one`);
  };
