/** The population endpoints' answers, as docs/studio-api.md describes them. */

export interface PopulationCountsView {
  readonly machineVersion: string;
  readonly customers: number;
  readonly states: Record<string, number>;
  readonly checkpoint: { readonly position: string | null; readonly caughtUp: boolean };
  readonly asOf: string | null;
}

export interface PopulationTransitionsView {
  readonly window: string;
  readonly since: string | null;
  readonly until: string | null;
  readonly transitions: ReadonlyArray<{ from: string; to: string; event: string; count: number }>;
}

export interface PopulationHistoryView {
  readonly points: ReadonlyArray<{ at: string; states: Record<string, number> }>;
}

export interface StateCustomersView {
  readonly state: string;
  readonly total: number;
  readonly items: ReadonlyArray<{ customerId: string; since: string; scores: Record<string, number> }>;
  readonly next: string | null;
}

/** `data` of an `event: state` of `/v1/population/changes`. */
export interface PopulationChangeView {
  readonly customerId: string;
  readonly from: unknown;
  readonly to: unknown;
  readonly at: string;
  readonly cause: unknown;
  readonly scores: Record<string, number>;
  /** Its commit position in `$all` (the read model's checkpoint once committed). */
  readonly position: string;
}
