import type { ChartTextStyleView } from '../api/contract';
import type { PlacedLabel } from './statechart-layout';

type LabelTextProps = {
  readonly label: PlacedLabel;
  /** The font the engine measured the label's text in. */
  readonly font: ChartTextStyleView;
  readonly class: string;
  readonly anchor: 'start' | 'middle' | 'end';
};

/** A label's lines inside the box the layout placed it in, in the font its box was measured for. */
export function LabelText({ label, font, class: className, anchor }: LabelTextProps) {
  const x = anchor === 'start' ? label.x : anchor === 'middle' ? label.x + label.width / 2 : label.x + label.width;
  const lineHeight = label.height / Math.max(1, label.lines.length);
  return (
    <text
      class={className}
      text-anchor={anchor}
      style={{
        fontFamily: `${font.fontFamily}, system-ui, sans-serif`,
        fontWeight: font.fontWeight,
        fontSize: `${font.fontSize}px`,
        fontVariantNumeric: font.tabularNumbers ? 'tabular-nums' : 'normal',
      }}
    >
      {label.lines.map((line, i) => (
        <tspan key={i} x={x} y={label.y + lineHeight * (i + 0.75)}>
          {line}
        </tspan>
      ))}
    </text>
  );
}
