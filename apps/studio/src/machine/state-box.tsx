import { transitionLabel } from '@heed/statechart';
import type { ChartTextStyle, ChartTextStyleView, StateNodeView } from '../api/contract';
import { formatCount } from '../ui/format';
import { LabelText } from './label-text';
import type { PlacedState } from './statechart-layout';

export type StateBoxProps = {
  readonly placed: PlacedState;
  /** The chart's fonts (`StatechartLayout.text`). */
  readonly text: Readonly<Record<ChartTextStyle, ChartTextStyleView>>;
  /** Customers in the state: undefined while unknown, null where the chart shows no counts. */
  readonly count: number | null | undefined;
  /** Active at the point in time the chart shows (time travel, or a customer's current state). */
  readonly active: boolean;
  readonly selected: boolean;
  readonly onSelect: ((state: StateNodeView) => void) | undefined;
};

/** One state of the chart: its box, its name, its live count, and its transitions in place. */
export function StateBox({ placed, text, count, active, selected, onSelect }: StateBoxProps) {
  const { state, name, inPlace } = placed;
  const atomic = state.children.length === 0;
  const kind = atomic ? 'atomic' : placed.region ? 'region' : state.type;
  const counted =
    count === null
      ? ''
      : count === undefined
        ? ': count unknown'
        : `: ${formatCount(count)} customer${count === 1 ? '' : 's'}`;
  const classes = [
    'state',
    `state--${kind}`,
    active && 'is-active',
    selected && 'is-selected',
    count === 0 && 'is-empty',
  ];
  const select = onSelect && (() => onSelect(state));
  return (
    <g
      class={classes.filter(Boolean).join(' ')}
      data-state={state.id}
      role={select ? 'button' : 'group'}
      tabIndex={select ? 0 : undefined}
      aria-label={`${state.id}${counted}${active ? ' (active)' : ''}`}
      aria-pressed={select ? selected : undefined}
      onClick={select}
      onKeyDown={
        select &&
        ((e: KeyboardEvent) => {
          if (e.key !== 'Enter' && e.key !== ' ') return;
          e.preventDefault();
          select();
        })
      }
    >
      <title>
        {[`${state.id} (${state.type})${counted}${active ? ' (active)' : ''}`, ...inPlaceLines(state)].join('\n')}
      </title>
      <rect x={placed.x} y={placed.y} width={placed.width} height={placed.height} rx={atomic ? 10 : 6} />
      <LabelText label={name} font={text.state} class="state-name" anchor={atomic ? 'middle' : 'start'} />
      {count !== null && (
        <LabelText
          label={{ ...placed.count, lines: [count === undefined ? '…' : formatCount(count)] }}
          font={text.count}
          class="state-count"
          anchor={atomic ? 'middle' : 'end'}
        />
      )}
      {inPlace && <LabelText label={inPlace} font={text.label} class="state-in-place" anchor="start" />}
    </g>
  );
}

/** What the transitions without target do: `SignedIn [returnsAfterInactivity] / notifyReturn, record`. */
const inPlaceLines = (state: StateNodeView): string[] =>
  state.transitions
    .filter((t) => t.targets.length === 0)
    .map((t) => `${transitionLabel(t).join(' ')}${t.actions.length > 0 ? ` / ${t.actions.join(', ')}` : ''}`);
