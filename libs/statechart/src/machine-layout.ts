import type { StateId } from './machine-view';

/**
 * The running machine's statechart laid out, as `GET /v1/machine/layout` shows it: where each
 * state, arrow and label goes, in pixels, for text drawn in the styles of `text` (Heed Studio
 * bundles their font). States and arrows name what they draw by the ids of `GET /v1/machine`.
 */
export interface MachineLayout {
  readonly machineId: string;
  /** The machine version laid out: the running one. */
  readonly machineVersion: string;
  /** The text styles the boxes were measured for: each label says which of them it is drawn in. */
  readonly text: Readonly<Record<ChartTextStyle, ChartTextStyleView>>;
  readonly width: number;
  readonly height: number;
  /** Every state, parents before their children. */
  readonly states: readonly PlacedStateView[];
  /** An arrow per transition and target (transitions without target have none). */
  readonly arrows: readonly PlacedArrowView[];
  /** The dot and arrow marking each compound state's initial child. */
  readonly initials: readonly PlacedInitialView[];
}

/** What a label is: a state's name, a count of customers, an arrow's or a state's label. */
export type ChartTextStyle = 'state' | 'count' | 'label' | 'traffic';

export interface ChartTextStyleView {
  /** A font Heed Studio bundles (`@fontsource/inter`), so that the browser draws what was measured. */
  readonly fontFamily: string;
  readonly fontWeight: number;
  /** px. */
  readonly fontSize: number;
  /** px between the baselines of two lines of a label. */
  readonly lineHeight: number;
  /** Digits of equal width (`font-variant-numeric: tabular-nums`): a count's room fits any count. */
  readonly tabularNumbers: boolean;
}

/** A rectangle in the chart's coordinates (px, origin top left). */
export interface BoxView {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PointView {
  readonly x: number;
  readonly y: number;
}

/** A label's box and its lines, drawn in one of `MachineLayout.text`. */
export interface PlacedLabelView extends BoxView {
  readonly lines: readonly string[];
}

export interface PlacedStateView extends BoxView {
  /** The state's id in `GET /v1/machine`. */
  readonly id: StateId;
  /** Depth below the root (the root is 0): deeper boxes are drawn over shallower ones. */
  readonly depth: number;
  /** A region of a parallel state. */
  readonly region: boolean;
  /** Its key, style `state`. */
  readonly name: PlacedLabelView;
  /** Room for its count of customers (style `count`): any count up to 888,888 fits. */
  readonly count: PlacedLabelView;
  /** How many transitions only run actions (`↺ 2 events in place`, style `label`); null for none. */
  readonly inPlace: PlacedLabelView | null;
}

export interface PlacedArrowView {
  /** The transition's id in `GET /v1/machine`. */
  readonly transition: string;
  /** The target state's id: a transition with several targets has an arrow to each. */
  readonly target: StateId;
  /** Start, bends, end. */
  readonly points: readonly PointView[];
  /**
   * Its event and guard (style `label`), with room kept on the first line for a count of state
   * changes (style `traffic`, right-aligned in the box); null for an arrow ELK gave no label.
   */
  readonly label: PlacedLabelView | null;
}

export interface PlacedInitialView {
  /** The compound state whose initial child the arrow points at. */
  readonly state: StateId;
  readonly dot: BoxView;
  readonly points: readonly PointView[];
}
