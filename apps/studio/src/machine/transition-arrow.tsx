import type { ChartTextStyle, ChartTextStyleView } from '../api/contract';
import { formatCount } from '../ui/format';
import { LabelText } from './label-text';
import type { PlacedTransition } from './statechart-layout';
import { svgPath } from './svg-path';

export type TransitionArrowProps = {
  readonly placed: PlacedTransition;
  /** The chart's fonts (`StatechartLayout.text`). */
  readonly text: Readonly<Record<ChartTextStyle, ChartTextStyleView>>;
  /** State changes along this arrow in the chosen window; undefined when no window is shown. */
  readonly count: number | undefined;
  readonly windowName: string | undefined;
  readonly marker: string;
};

/** One transition to one target: the route the layout gave it, its trigger and guard, and its traffic. */
export function TransitionArrow({ placed, text, count, windowName, marker }: TransitionArrowProps) {
  const { edge, points, label } = placed;
  const { transition, target } = edge;
  if (points.length === 0) return null;
  const traffic = count !== undefined && count > 0;
  const title = [
    `${transition.event ?? transition.kind}: ${transition.source} → ${target}`,
    transition.guard && `guard: ${transition.guard}`,
    transition.delay && `delay: ${transition.delay}`,
    transition.actions.length > 0 && `actions: ${transition.actions.join(', ')}`,
    count !== undefined && windowName !== undefined && `${formatCount(count)} in the last ${windowName}`,
  ].filter(Boolean);
  return (
    <g class={`transition transition--${transition.kind}${traffic ? ' has-traffic' : ''}`} data-transition={edge.id}>
      <title>{title.join('\n')}</title>
      <path d={svgPath(points)} marker-end={`url(#${marker})`} />
      {label && (
        <>
          <rect class="transition-label-bg" x={label.x} y={label.y} width={label.width} height={label.height} rx={3} />
          <LabelText label={label} font={text.label} class="transition-label" anchor="start" />
          {traffic && (
            <LabelText
              label={{ ...label, height: label.height / label.lines.length, lines: [`×${formatCount(count)}`] }}
              font={text.traffic}
              class="transition-count"
              anchor="end"
            />
          )}
        </>
      )}
    </g>
  );
}
