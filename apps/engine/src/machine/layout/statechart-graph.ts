import {
  transitionEdges,
  transitionLabel,
  within,
  type ChartTextStyle,
  type MachineView,
  type StateNodeView,
  type TransitionEdge,
} from '@heed/statechart';
import type { ElkExtendedEdge, ElkLabel, ElkNode } from 'elkjs/lib/elk-api';
import { CHART_TEXT, type MeasureText } from './chart-text';

/** Widest count a state shows without the layout changing: counts change, the layout does not. */
export const COUNT_SAMPLE = '888,888';
/** Widest count of state changes an arrow shows in its room, and the gap kept before it. */
export const TRAFFIC_SAMPLE = '×8,888';
export const TRAFFIC_GAP = 8;
/** Where a compound state's header text sits inside its box. */
export const HEADER_INSET = { x: 10, y: 6 };

/** The header of a compound state: drawn in the room its padding keeps, not laid out by ELK. */
export type Header = { readonly name: ElkLabel; readonly count: ElkLabel; readonly inPlace: ElkLabel | null };

export type StatechartGraph = {
  readonly graph: ElkNode;
  readonly edges: readonly TransitionEdge[];
  readonly headers: ReadonlyMap<string, Header>;
  /** The dot of each compound state's initial child: dot id → state id. */
  readonly initialDots: ReadonlyMap<string, string>;
};

// Every coordinate absolute, whichever node or edge it belongs to.
const COORDINATES = { 'elk.json.shapeCoords': 'ROOT', 'elk.json.edgeCoords': 'ROOT' };

/** How a statechart is laid out: left to right, orthogonal arrows, room for their labels. */
const LAYERED = {
  ...COORDINATES,
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '48',
  'elk.spacing.nodeNode': '28',
  'elk.spacing.edgeLabel': '4',
  'elk.spacing.edgeNode': '16',
  'elk.layered.spacing.edgeNodeBetweenLayers': '16',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  // Initial states first, the flow in the machine's order where it loops back.
  'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
};

/** Regions have no arrows between them: one layer, so a column, in the machine's order. */
const REGIONS_IN_A_COLUMN = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'SEPARATE_CHILDREN',
  'elk.separateConnectedComponents': 'false',
  'elk.spacing.nodeNode': '24',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.crossingMinimization.forceNodeModelOrder': 'true',
};

type Arrow = { readonly edge: ElkExtendedEdge; readonly source: string; readonly target: string };

/**
 * The machine as an ELK graph: a node per state (compound states and regions hold their children),
 * an edge per transition and target with its label, a dot and an arrow for each initial child.
 * Labels are sized by `measure`, with the text styles of `CHART_TEXT`.
 */
export function statechartGraph(machine: MachineView, measure: MeasureText): StatechartGraph {
  /** A label of `lines` in `style`; `firstLineExtra` px kept free at the end of its first line. */
  const label = (id: string, lines: readonly string[], style: ChartTextStyle, firstLineExtra = 0): ElkLabel => ({
    id,
    text: lines.join('\n'),
    width: Math.ceil(Math.max(...lines.map((l, i) => measure(l, style) + (i === 0 ? firstLineExtra : 0)))) + 4,
    height: CHART_TEXT[style].lineHeight * lines.length,
  });
  const trafficRoom = TRAFFIC_GAP + measure(TRAFFIC_SAMPLE, 'traffic');
  const inPlaceLines = (state: StateNodeView): string[] => {
    const n = state.transitions.filter((t) => t.targets.length === 0).length;
    return n === 0 ? [] : [`↺ ${n} event${n === 1 ? '' : 's'} in place`];
  };

  const headers = new Map<string, Header>();
  const initialDots = new Map<string, string>();
  const arrows: Arrow[] = [];

  const toElk = (state: StateNodeView, extra: Record<string, string> = {}): ElkNode => {
    const inPlace = inPlaceLines(state);
    if (state.children.length === 0) {
      return {
        id: state.id,
        labels: [
          label(`${state.id}#name`, [state.key], 'state'),
          label(`${state.id}#count`, [COUNT_SAMPLE], 'count'),
          ...(inPlace.length > 0 ? [label(`${state.id}#inPlace`, inPlace, 'label')] : []),
        ],
        layoutOptions: {
          'elk.nodeSize.constraints': '[NODE_LABELS, MINIMUM_SIZE]',
          'elk.nodeSize.minimum': '(96, 48)',
          'elk.nodeLabels.placement': '[H_CENTER, V_CENTER, INSIDE]',
          'elk.nodeLabels.padding': '[top=6,left=10,bottom=6,right=10]',
          ...extra,
        },
      };
    }
    // Labels of a compound node would make ELK keep a column free for them beside the children:
    // the header goes in the room the padding keeps instead.
    const header: Header = {
      name: label(`${state.id}#name`, [state.key], 'state'),
      count: label(`${state.id}#count`, [COUNT_SAMPLE], 'count'),
      inPlace: inPlace.length > 0 ? label(`${state.id}#inPlace`, inPlace, 'label') : null,
    };
    headers.set(state.id, header);
    const dots: ElkNode[] = [];
    if (state.type === 'compound' && state.initial !== null) {
      const dot = `${state.id}#initial`;
      initialDots.set(dot, state.id);
      dots.push({ id: dot, width: 10, height: 10 });
      // The dot lies inside the state, as its initial child does: the arrow's place is the child's.
      arrows.push({
        edge: { id: `${dot}->`, sources: [dot], targets: [state.initial] },
        source: state.initial,
        target: state.initial,
      });
    }
    const top = HEADER_INSET.y * 2 + CHART_TEXT.state.lineHeight + 4;
    const bottom = header.inPlace === null ? 14 : (header.inPlace.height ?? 0) + HEADER_INSET.y * 2;
    return {
      id: state.id,
      layoutOptions: {
        ...COORDINATES,
        'elk.nodeSize.constraints': '[MINIMUM_SIZE]',
        'elk.nodeSize.minimum': `(${(header.name.width ?? 0) + (header.count.width ?? 0) + 4 * HEADER_INSET.x}, 0)`,
        'elk.padding': `[top=${top},left=14,bottom=${bottom},right=14]`,
        ...extra,
      },
      children: [...dots, ...state.children.map((child) => toElk(child))],
    };
  };

  const rootNode = toElk(machine.root);
  const edges = transitionEdges(machine);
  for (const edge of edges) {
    const { source } = edge.transition;
    arrows.push({
      edge: {
        id: edge.id,
        sources: [source],
        targets: [edge.target],
        labels: [label(`${edge.id}#label`, transitionLabel(edge.transition), 'label', trafficRoom)],
      },
      source,
      target: edge.target,
    });
  }
  const padding = { 'elk.padding': '[top=8,left=8,bottom=8,right=8]' };
  const laidOut = { edges, headers, initialDots };

  // A parallel root whose regions no arrow crosses (XState's usual shape) is laid out region by
  // region, each one layered layout with its hierarchy, the regions in a column; otherwise the
  // machine is one layered layout.
  const regions = machine.root.type === 'parallel' ? machine.root.children : [];
  // The region strictly inside which a state lies.
  const regionOf = (state: string) => regions.find((region) => state !== region.id && within(state, region.id));
  const apart =
    regions.length > 0 &&
    arrows.every(({ source, target }) => regionOf(source) !== undefined && regionOf(source) === regionOf(target));
  if (!apart) {
    return {
      ...laidOut,
      graph: {
        id: '#chart',
        layoutOptions: { ...LAYERED, ...padding },
        children: [rootNode],
        edges: arrows.map((a) => a.edge),
      },
    };
  }
  rootNode.layoutOptions = { ...rootNode.layoutOptions, ...REGIONS_IN_A_COLUMN };
  for (const region of rootNode.children ?? []) {
    region.layoutOptions = { ...region.layoutOptions, ...LAYERED, 'elk.alignment': 'LEFT' };
    region.edges = arrows.filter(({ source }) => within(source, region.id)).map((a) => a.edge);
  }
  return {
    ...laidOut,
    graph: {
      id: '#chart',
      layoutOptions: { ...COORDINATES, ...padding, 'elk.hierarchyHandling': 'SEPARATE_CHILDREN' },
      children: [rootNode],
    },
  };
}
