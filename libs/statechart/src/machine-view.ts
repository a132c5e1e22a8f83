/** A state's path from the root joined with `.`, prefixed with the machine's id: `customer.fraud.suspicious`. */
export type StateId = string;

/** The running machine as `GET /v1/machine` shows it (docs/studio-api.md, "The machine"). */
export interface MachineView {
  /** The machine's id: the first segment of every state id. */
  readonly id: string;
  /** The running machine's version (`ActorDefinition.version`). */
  readonly version: string;
  readonly root: StateNodeView;
}

export interface StateNodeView {
  readonly id: StateId;
  /** Last segment of the path (the machine's id for the root). */
  readonly key: string;
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** State id of the initial child of a compound state; null otherwise. */
  readonly initial: StateId | null;
  readonly children: readonly StateNodeView[];
  readonly transitions: readonly MachineTransitionView[];
}

export interface MachineTransitionView {
  /** `${source}#${index}`: stable while the machine is unchanged. */
  readonly id: string;
  /** The state the transition leaves from. */
  readonly source: StateId;
  readonly kind: 'event' | 'always' | 'after';
  /** The event taken; for `after`, the event XState raises (`xstate.after.<delay>.<XState node id>`). */
  readonly event: string | null;
  /** `after`: the delay's name in the machine, or its milliseconds as a string. */
  readonly delay: string | null;
  readonly guard: string | null;
  /** Empty for a transition without a target (actions only). */
  readonly targets: readonly StateId[];
  readonly actions: readonly string[];
  readonly reenter: boolean;
}
