// The engine's query API as docs/studio-api.md describes it: the only thing Studio knows of Heed.

import type { StateId, TransitionCount } from '@heed/statechart';

// The machine, its laid-out chart and a customer's timeline are the engine's own types, shared
// through @heed/statechart; the rest are Studio's reading of the answers it uses.
export type {
  BoxView as Box,
  ChartTextStyle,
  ChartTextStyleView,
  DeliverySummary,
  MachineLayout,
  MachineTransitionView,
  MachineView,
  PlacedArrowView,
  PlacedInitialView,
  PlacedLabelView,
  PlacedStateView,
  PointView as Point,
  StateId,
  StateNodeView,
  TimelineItem,
  TimelineKind,
  TimelinePage as Timeline,
  TransitionCount,
} from '@heed/statechart';
export type PopulationCounts = {
  readonly machineVersion: string;
  readonly customers: number;
  readonly states: Readonly<Record<StateId, number>>;
  readonly checkpoint: { readonly position: string | null; readonly caughtUp: boolean };
  readonly asOf: string | null;
};

export type TransitionWindow = 'hour' | 'day' | 'week';

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
