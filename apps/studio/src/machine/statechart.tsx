import { useId } from 'preact/hooks';
import type { StateId, StateNodeView } from '../api/contract';
import { StateBox } from './state-box';
import type { StatechartLayout } from './statechart-layout';
import { svgPath } from './svg-path';
import { TransitionArrow } from './transition-arrow';

export type StatechartProps = {
  readonly layout: StatechartLayout;
  readonly label: string;
  /**
   * Customers per state (`/v1/population/counts`), `'loading'` until they are known; absent where
   * the chart shows one customer.
   */
  readonly counts?: Readonly<Record<StateId, number>> | 'loading' | undefined;
  /** State changes per arrow in the chosen window, and the window's name. */
  readonly traffic?: { readonly perEdge: ReadonlyMap<string, number>; readonly window: string } | undefined;
  /** States to highlight as active. */
  readonly active?: ReadonlySet<StateId> | undefined;
  readonly selected?: StateId | null | undefined;
  readonly onSelectState?: ((state: StateNodeView) => void) | undefined;
  /** Scale the chart down to the width of its container instead of scrolling. */
  readonly fit?: boolean;
};

/** The machine as a statechart: states, compound states and parallel regions, transitions. */
export function Statechart({ layout, label, counts, traffic, active, selected, onSelectState, fit }: StatechartProps) {
  const marker = `arrow-${useId()}`;
  const states = [...layout.states].sort((a, b) => a.depth - b.depth);
  return (
    <svg
      class={`statechart${fit ? ' is-fitted' : ''}`}
      role="group"
      aria-label={label}
      width={fit ? '100%' : layout.width}
      height={fit ? undefined : layout.height}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
    >
      <defs>
        <marker id={marker} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto">
          <path d="M0,1 L9,5 L0,9 z" class="arrowhead" />
        </marker>
      </defs>
      {states.map((placed) => (
        <StateBox
          key={placed.state.id}
          placed={placed}
          text={layout.text}
          count={counts === undefined ? null : counts === 'loading' ? undefined : (counts[placed.state.id] ?? 0)}
          active={active?.has(placed.state.id) ?? false}
          selected={selected === placed.state.id}
          onSelect={onSelectState}
        />
      ))}
      {layout.initials.map(({ state, dot, points }) => (
        <g class="initial" key={state}>
          <circle cx={dot.x + dot.width / 2} cy={dot.y + dot.height / 2} r={dot.width / 2} />
          {points.length > 0 && <path d={svgPath(points)} marker-end={`url(#${marker})`} />}
        </g>
      ))}
      {layout.transitions.map((placed) => (
        <TransitionArrow
          key={placed.edge.id}
          placed={placed}
          text={layout.text}
          count={traffic === undefined ? undefined : (traffic.perEdge.get(placed.edge.id) ?? 0)}
          windowName={traffic?.window}
          marker={marker}
        />
      ))}
    </svg>
  );
}
