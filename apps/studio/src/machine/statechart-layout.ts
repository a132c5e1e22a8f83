import { statesOf, transitionEdges, type TransitionEdge } from '@heed/statechart';
import type {
  Box,
  ChartTextStyle,
  ChartTextStyleView,
  MachineLayout,
  MachineView,
  PlacedLabelView,
  Point,
  StateNodeView,
} from '../api/contract';

export type { Box, Point };

/** A label's box and lines, in the chart's coordinates. */
export type PlacedLabel = PlacedLabelView;

export type PlacedState = Box & {
  readonly state: StateNodeView;
  /** Depth below the root (the root is 0): deeper boxes are drawn over shallower ones. */
  readonly depth: number;
  /** A region of a parallel state. */
  readonly region: boolean;
  readonly name: PlacedLabel;
  readonly count: PlacedLabel;
  /** Transitions without target (actions only), summarised in the box. */
  readonly inPlace: PlacedLabel | null;
};

export type PlacedTransition = {
  readonly edge: TransitionEdge;
  /** Start, bends, end. */
  readonly points: readonly Point[];
  readonly label: PlacedLabel | null;
};

/** The dot and arrow that mark a compound state's initial child. */
export type PlacedInitial = { readonly state: string; readonly dot: Box; readonly points: readonly Point[] };

export type StatechartLayout = {
  readonly width: number;
  readonly height: number;
  /** The fonts the engine measured the text in: the chart draws its text in them. */
  readonly text: Readonly<Record<ChartTextStyle, ChartTextStyleView>>;
  readonly states: readonly PlacedState[];
  readonly transitions: readonly PlacedTransition[];
  readonly initials: readonly PlacedInitial[];
};

/**
 * The engine's layout of the chart (`GET /v1/machine/layout`) joined with the machine it lays out:
 * each box with its state, each arrow with its transition. A layout of another machine or version
 * (an engine upgraded between the two requests) is refused.
 */
export function statechartLayout(machine: MachineView, laidOut: MachineLayout): StatechartLayout {
  if (laidOut.machineId !== machine.id || laidOut.machineVersion !== machine.version)
    throw new Error(
      `the engine laid out machine ${laidOut.machineId} version ${laidOut.machineVersion}, not ${machine.id} version ${machine.version}: reload the page`,
    );
  const states = new Map(statesOf(machine).map((state) => [state.id, state]));
  const edges = transitionEdges(machine);
  return {
    width: laidOut.width,
    height: laidOut.height,
    text: laidOut.text,
    states: laidOut.states.map(({ id, ...placed }) => {
      const state = states.get(id);
      if (state === undefined) throw new Error(`the layout places state ${id}, which the machine does not have`);
      return { ...placed, state };
    }),
    transitions: laidOut.arrows.map(({ transition, target, points, label }) => {
      const edge = edges.find((e) => e.transition.id === transition && e.target === target);
      if (edge === undefined)
        throw new Error(`the layout routes transition ${transition} to ${target}, which the machine does not have`);
      return { edge, points, label };
    }),
    initials: laidOut.initials,
  };
}
