import type {
  BoxView,
  MachineLayout,
  MachineView,
  PlacedArrowView,
  PlacedInitialView,
  PlacedLabelView,
  PlacedStateView,
  PointView,
  StateNodeView,
} from '@heed/statechart';
import type { ElkExtendedEdge, ElkLabel, ElkNode } from 'elkjs/lib/elk-api';
import { CHART_TEXT, type MeasureText } from './chart-text';
import { HEADER_INSET, statechartGraph, type Header } from './statechart-graph';

/** What lays a graph out: an `ELK` of elkjs. */
export type Elk = { layout(graph: ElkNode): Promise<ElkNode> };

/**
 * Lays the machine's statechart out with ELK (layered; hierarchy included, so that arrows leave and
 * enter compound states through hierarchical ports): boxes for states, nested boxes for compound
 * states and parallel regions, arrows for transitions with their labels, text sized by `measure`.
 * All coordinates are absolute.
 */
export async function layOutStatechart(elk: Elk, machine: MachineView, measure: MeasureText): Promise<MachineLayout> {
  const { graph, edges, headers, initialDots } = statechartGraph(machine, measure);
  const laidOut = await elk.layout(graph);

  const byId = new Map<string, StateNodeView>();
  const index = (state: StateNodeView) => {
    byId.set(state.id, state);
    state.children.forEach(index);
  };
  index(machine.root);

  const states: PlacedStateView[] = [];
  const dots = new Map<string, BoxView>();
  const laidEdges = new Map<string, ElkExtendedEdge>();
  const visit = (node: ElkNode, depth: number, parent: StateNodeView | undefined) => {
    for (const edge of node.edges ?? []) laidEdges.set(edge.id, edge);
    const state = byId.get(node.id);
    if (state !== undefined) {
      const region = parent?.type === 'parallel';
      const header = headers.get(state.id);
      const placed = header === undefined ? atomicState(node) : compoundState(node, header);
      if (placed !== null) states.push({ ...placed, id: state.id, depth, region });
    } else if (initialDots.has(node.id)) {
      dots.set(node.id, box(node));
    }
    for (const child of node.children ?? []) visit(child, depth + 1, state ?? parent);
  };
  for (const edge of laidOut.edges ?? []) laidEdges.set(edge.id, edge);
  for (const child of laidOut.children ?? []) visit(child, 0, undefined);

  const arrows = edges.map((edge): PlacedArrowView => ({
    transition: edge.transition.id,
    target: edge.target,
    points: pointsOf(laidEdges.get(edge.id)),
    label: placedLabel(laidEdges.get(edge.id)?.labels?.find((l) => l.id === `${edge.id}#label`)),
  }));
  const initials = [...initialDots].flatMap(([dotId, state]): PlacedInitialView[] => {
    const dot = dots.get(dotId);
    return dot === undefined ? [] : [{ state, dot, points: pointsOf(laidEdges.get(`${dotId}->`)) }];
  });
  return {
    machineId: machine.id,
    machineVersion: machine.version,
    text: CHART_TEXT,
    width: laidOut.width ?? 0,
    height: laidOut.height ?? 0,
    states,
    arrows,
    initials,
  };
}

type Placed = Omit<PlacedStateView, 'id' | 'depth' | 'region'>;

/** An atomic state: ELK placed its labels inside its box. */
function atomicState(node: ElkNode): Placed | null {
  const labels = new Map((node.labels ?? []).map((l) => [l.id ?? '', l]));
  const name = placedLabel(labels.get(`${node.id}#name`));
  const count = placedLabel(labels.get(`${node.id}#count`));
  if (name === null || count === null) return null;
  return { ...box(node), name, count, inPlace: placedLabel(labels.get(`${node.id}#inPlace`)) };
}

/** A compound state: its header sits in the room its padding kept, name left, count right. */
function compoundState(node: ElkNode, header: Header): Placed {
  const b = box(node);
  const at = (label: ElkLabel, x: number, y: number): PlacedLabelView => ({
    ...box({ ...label, x, y }),
    lines: (label.text ?? '').split('\n'),
  });
  return {
    ...b,
    name: at(header.name, b.x + HEADER_INSET.x, b.y + HEADER_INSET.y),
    count: at(header.count, b.x + b.width - HEADER_INSET.x - (header.count.width ?? 0), b.y + HEADER_INSET.y),
    inPlace:
      header.inPlace === null
        ? null
        : at(header.inPlace, b.x + HEADER_INSET.x, b.y + b.height - HEADER_INSET.y - (header.inPlace.height ?? 0)),
  };
}

const box = (shape: { x?: number; y?: number; width?: number; height?: number }): BoxView => ({
  x: shape.x ?? 0,
  y: shape.y ?? 0,
  width: shape.width ?? 0,
  height: shape.height ?? 0,
});

const placedLabel = (label: ElkLabel | undefined): PlacedLabelView | null =>
  label === undefined ? null : { ...box(label), lines: (label.text ?? '').split('\n') };

const pointsOf = (edge: ElkExtendedEdge | undefined): PointView[] =>
  (edge?.sections ?? [])
    .flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint])
    .map(({ x, y }) => ({ x, y }));
