// The engine's query API as docs/studio-api.md describes it: the only thing Studio knows of Heed.

/** A state's path from the machine's root, prefixed with the machine id: `customer.fraud.suspicious`. */
export type StateId = string;

export type MachineView = {
  readonly id: string;
  readonly version: string;
  readonly root: StateNodeView;
};

export type StateNodeView = {
  readonly id: StateId;
  readonly key: string;
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  readonly initial: StateId | null;
  readonly children: readonly StateNodeView[];
  readonly transitions: readonly MachineTransitionView[];
};

export type MachineTransitionView = {
  /** `${source}#${index}`: stable while the machine is unchanged. */
  readonly id: string;
  readonly source: StateId;
  readonly kind: 'event' | 'always' | 'after';
  /** The event; for `after`, XState's `xstate.after.<delay>.<state>`. */
  readonly event: string | null;
  /** For `after`: the delay's name in the machine, or its milliseconds. */
  readonly delay: string | null;
  readonly guard: string | null;
  /** `[]` for a transition without target (actions only). */
  readonly targets: readonly StateId[];
  readonly actions: readonly string[];
  readonly reenter: boolean;
};

/** `GET /v1/machine/layout`: the running machine's statechart laid out by the engine (ELK). */
export type MachineLayout = {
  readonly machineId: string;
  readonly machineVersion: string;
  /** The text styles the boxes were measured for (Inter, which Studio bundles). */
  readonly text: Readonly<Record<ChartTextStyle, ChartTextStyleView>>;
  readonly width: number;
  readonly height: number;
  /** Every state, parents before their children. */
  readonly states: readonly PlacedStateView[];
  /** An arrow per transition and target. */
  readonly arrows: readonly PlacedArrowView[];
  readonly initials: readonly PlacedInitialView[];
};

export type ChartTextStyle = 'state' | 'count' | 'label' | 'traffic';

export type ChartTextStyleView = {
  readonly fontFamily: string;
  readonly fontWeight: number;
  readonly fontSize: number;
  readonly lineHeight: number;
  /** `font-variant-numeric: tabular-nums`. */
  readonly tabularNumbers: boolean;
};

/** A rectangle in the chart's coordinates (px, origin top left). */
export type Box = { readonly x: number; readonly y: number; readonly width: number; readonly height: number };

export type Point = { readonly x: number; readonly y: number };

export type PlacedLabelView = Box & { readonly lines: readonly string[] };

export type PlacedStateView = Box & {
  readonly id: StateId;
  /** Depth below the root (the root is 0). */
  readonly depth: number;
  /** A region of a parallel state. */
  readonly region: boolean;
  /** Style `state`. */
  readonly name: PlacedLabelView;
  /** Style `count`: room for any count up to 888,888. */
  readonly count: PlacedLabelView;
  /** `↺ 2 events in place`, style `label`. */
  readonly inPlace: PlacedLabelView | null;
};

export type PlacedArrowView = {
  /** A transition's id in `MachineView`. */
  readonly transition: string;
  readonly target: StateId;
  /** Start, bends, end. */
  readonly points: readonly Point[];
  /** Style `label`, with room on the first line for a count (style `traffic`, right-aligned). */
  readonly label: PlacedLabelView | null;
};

export type PlacedInitialView = { readonly state: StateId; readonly dot: Box; readonly points: readonly Point[] };

export type PopulationCounts = {
  readonly machineVersion: string;
  readonly customers: number;
  readonly states: Readonly<Record<StateId, number>>;
  readonly checkpoint: { readonly position: string | null; readonly caughtUp: boolean };
  readonly asOf: string | null;
};

export type TransitionWindow = 'hour' | 'day' | 'week';

export type TransitionCount = {
  readonly from: StateId;
  readonly to: StateId;
  readonly event: string;
  readonly count: number;
};

export type PopulationTransitions = {
  readonly window: TransitionWindow;
  readonly since: string | null;
  readonly until: string | null;
  readonly transitions: readonly TransitionCount[];
};

export type PopulationHistory = {
  readonly points: ReadonlyArray<{ readonly at: string; readonly states: Readonly<Record<StateId, number>> }>;
};

export type Scores = { readonly churn?: number; readonly fraud?: number };

export type StateCustomers = {
  readonly state: StateId;
  readonly total: number;
  readonly items: ReadonlyArray<{ readonly customerId: string; readonly since: string; readonly scores: Scores }>;
  readonly next: string | null;
};

/** One `event: state` of `GET /v1/population/changes`. */
export type StateChange = {
  readonly customerId: string;
  readonly from: unknown;
  readonly to: unknown;
  readonly at: string | null;
  readonly cause: unknown;
  readonly scores: Scores;
  readonly position: string;
};

export type Contribution = { readonly signal: string; readonly points: number; readonly reason: string };

export type ScoreView = {
  readonly score: number;
  readonly reasons: readonly string[];
  readonly contributions: readonly Contribution[];
};

/** The lifecycle's summary of a customer (`summary` of `GET /v1/customers/:id`). */
export type CustomerSummary = {
  readonly customerId: string;
  readonly state: unknown;
  readonly asOf: string | null;
  readonly churn: ScoreView;
  readonly fraud: ScoreView & { readonly transactionId?: string | null; readonly frozenCardId?: string | null };
  readonly [detail: string]: unknown;
};

export type PendingTimer = { readonly timerId: string; readonly dueAt: string };

export type CustomerView = {
  readonly customerId: string;
  readonly revision: string;
  readonly summary: CustomerSummary;
  readonly pendingTimers: readonly PendingTimer[];
  readonly recentTransitions: ReadonlyArray<{
    readonly at: unknown;
    readonly from: unknown;
    readonly to: unknown;
    readonly cause: {
      readonly type: string;
      readonly eventId: string;
      readonly stream: string;
      readonly revision: string;
    };
  }>;
};

export type TimelineKind =
  | 'signal'
  | 'timer-fired'
  | 'other-input'
  | 'state-changed'
  | 'state-rederived'
  | 'state-corrected'
  | 'input-late'
  | 'command'
  | 'timer-scheduled'
  | 'timer-cancelled'
  | 'rejected';

export type TimelineItem = {
  /** `in:<revision>` or `out:<revision>`. */
  readonly position: string;
  readonly kind: TimelineKind;
  readonly stream: string;
  readonly revision: string;
  readonly eventId: string;
  readonly type: string;
  readonly at: string | null;
  readonly data: unknown;
  readonly causedBy: { readonly eventId: string; readonly type: string; readonly inputRevision: string } | null;
  /** Commands: connect's outcome per destination. */
  readonly deliveries?: readonly DeliverySummary[];
};

export type DeliverySummary = {
  readonly destination: string;
  readonly outcome: 'delivered' | 'failed' | 'parked' | 'held-out';
  readonly attempts: number;
  readonly at: string | null;
  readonly status: number | null;
  readonly error: string | null;
};

export type Timeline = { readonly items: readonly TimelineItem[]; readonly next: string | null };

/** `GET /v1/customers/:id/state?revision=|at=`: the customer as it was. */
export type CustomerStateAt = {
  readonly customerId: string;
  /** The last input folded; null for an instant before the first input. */
  readonly revision: string | null;
  readonly at: string | null;
  readonly value: unknown;
  readonly activeStates: readonly StateId[];
  readonly summary: CustomerSummary;
  readonly pendingTimers: readonly PendingTimer[];
};

/** The engine's error body. */
export type ApiErrorBody = { readonly statusCode: number; readonly code?: string; readonly message?: string };
