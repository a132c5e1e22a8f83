import type { PlacedLabel } from './statechart-layout';

type LabelTextProps = {
  readonly label: PlacedLabel;
  readonly class: string;
  readonly anchor: 'start' | 'middle' | 'end';
};

/** A label's lines inside the box ELK placed it in. */
export function LabelText({ label, class: className, anchor }: LabelTextProps) {
  const x = anchor === 'start' ? label.x : anchor === 'middle' ? label.x + label.width / 2 : label.x + label.width;
  const lineHeight = label.height / Math.max(1, label.lines.length);
  return (
    <text class={className} text-anchor={anchor}>
      {label.lines.map((line, i) => (
        <tspan key={i} x={x} y={label.y + lineHeight * (i + 0.75)}>
          {line}
        </tspan>
      ))}
    </text>
  );
}
