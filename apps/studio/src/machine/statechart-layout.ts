import type { ElkExtendedEdge, ElkLabel, ElkNode, ElkPoint } from 'elkjs/lib/elk-api';
import type { MachineView, StateNodeView } from '../api/contract';
import { HEADER_INSET, statechartGraph, type Header, type MeasureText } from './statechart-graph';
import type { TransitionEdge } from './transition-edges';

/** A rectangle placed by the layout, in the chart's coordinates. */
export type Box = { readonly x: number; readonly y: number; readonly width: number; readonly height: number };

export type PlacedLabel = Box & { readonly lines: readonly string[] };

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
  readonly points: readonly ElkPoint[];
  readonly label: PlacedLabel | null;
};

/** The dot and arrow that mark a compound state's initial child. */
export type PlacedInitial = { readonly state: string; readonly dot: Box; readonly points: readonly ElkPoint[] };

export type StatechartLayout = {
  readonly width: number;
  readonly height: number;
  readonly states: readonly PlacedState[];
  readonly transitions: readonly PlacedTransition[];
  readonly initials: readonly PlacedInitial[];
};

type Elk = { layout(graph: ElkNode): Promise<ElkNode> };

/**
 * Lays the statechart out with ELK (layered; hierarchy included, so that arrows leave and enter
 * compound states through hierarchical ports): boxes for states, nested boxes for compound states
 * and parallel regions, arrows for transitions with their labels. All coordinates are absolute.
 */
export async function layoutStatechart(
  elk: Elk,
  machine: MachineView,
  measure: MeasureText,
): Promise<StatechartLayout> {
  const { graph, edges, headers, initialDots } = statechartGraph(machine, measure);
  const laidOut = await elk.layout(graph);

  const byId = new Map<string, StateNodeView>();
  const index = (state: StateNodeView) => {
    byId.set(state.id, state);
    state.children.forEach(index);
  };
  index(machine.root);

  const states: PlacedState[] = [];
  const dots = new Map<string, Box>();
  const laidEdges = new Map<string, ElkExtendedEdge>();
  const visit = (node: ElkNode, depth: number, parent: StateNodeView | undefined) => {
    for (const edge of node.edges ?? []) laidEdges.set(edge.id, edge);
    const state = byId.get(node.id);
    if (state !== undefined) {
      const region = parent?.type === 'parallel';
      const header = headers.get(state.id);
      const placed = header === undefined ? atomicState(node, state) : compoundState(node, state, header);
      if (placed !== null) states.push({ ...placed, depth, region });
    } else if (initialDots.has(node.id)) {
      dots.set(node.id, box(node));
    }
    for (const child of node.children ?? []) visit(child, depth + 1, state ?? parent);
  };
  for (const edge of laidOut.edges ?? []) laidEdges.set(edge.id, edge);
  for (const child of laidOut.children ?? []) visit(child, 0, undefined);

  const transitions = edges.map((edge): PlacedTransition => ({
    edge,
    points: pointsOf(laidEdges.get(edge.id)),
    label: placedLabel(laidEdges.get(edge.id)?.labels?.find((l) => l.id === `${edge.id}#label`)),
  }));
  const initials = [...initialDots].flatMap(([dotId, state]): PlacedInitial[] => {
    const dot = dots.get(dotId);
    return dot === undefined ? [] : [{ state, dot, points: pointsOf(laidEdges.get(`${dotId}->`)) }];
  });
  return { width: laidOut.width ?? 0, height: laidOut.height ?? 0, states, transitions, initials };
}

type Placed = Omit<PlacedState, 'depth' | 'region'>;

/** An atomic state: ELK placed its labels inside its box. */
function atomicState(node: ElkNode, state: StateNodeView): Placed | null {
  const labels = new Map((node.labels ?? []).map((l) => [l.id ?? '', l]));
  const name = placedLabel(labels.get(`${node.id}#name`));
  const count = placedLabel(labels.get(`${node.id}#count`));
  if (name === null || count === null) return null;
  return { ...box(node), state, name, count, inPlace: placedLabel(labels.get(`${node.id}#inPlace`)) };
}

/** A compound state: its header sits in the room its padding kept, name left, count right. */
function compoundState(node: ElkNode, state: StateNodeView, header: Header): Placed {
  const b = box(node);
  const at = (label: ElkLabel, x: number, y: number): PlacedLabel => ({
    ...box({ ...label, x, y }),
    lines: (label.text ?? '').split('\n'),
  });
  return {
    ...b,
    state,
    name: at(header.name, b.x + HEADER_INSET.x, b.y + HEADER_INSET.y),
    count: at(header.count, b.x + b.width - HEADER_INSET.x - (header.count.width ?? 0), b.y + HEADER_INSET.y),
    inPlace:
      header.inPlace === null
        ? null
        : at(header.inPlace, b.x + HEADER_INSET.x, b.y + b.height - HEADER_INSET.y - (header.inPlace.height ?? 0)),
  };
}

const box = (shape: { x?: number; y?: number; width?: number; height?: number }): Box => ({
  x: shape.x ?? 0,
  y: shape.y ?? 0,
  width: shape.width ?? 0,
  height: shape.height ?? 0,
});

const placedLabel = (label: ElkLabel | undefined): PlacedLabel | null =>
  label === undefined ? null : { ...box(label), lines: (label.text ?? '').split('\n') };

const pointsOf = (edge: ElkExtendedEdge | undefined): ElkPoint[] =>
  (edge?.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]);
