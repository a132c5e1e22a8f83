import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { PopulationHistory, StateId } from '../api/contract';
import { formatCount } from '../ui/format';

// Steps between ticks of the count axis: 1, 2, 5, 10, 20, 50…, never a fraction of a customer.
const WHOLE_STEPS = [1, 2, 5]
  .flatMap((n) => [1, 10, 100, 1_000, 10_000, 100_000].map((p) => n * p))
  .sort((a, b) => a - b);

// Distinct, readable on white; a series beyond them wraps around.
const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563'];

export type HistoryChartProps = {
  readonly history: PopulationHistory;
  /** The states drawn, one series each (keep the array the same while they are). */
  readonly states: readonly StateId[];
};

/** Customers per state at the end of each hour (customer time, UTC), drawn by uPlot. */
export function HistoryChart({ history, states }: HistoryChartProps) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const target = container.current;
    if (target === null) return undefined;
    const data: uPlot.AlignedData = [
      history.points.map((p) => Date.parse(p.at) / 1000),
      ...states.map((state) => history.points.map((p) => p.states[state] ?? 0)),
    ];
    const plot = new uPlot(
      {
        width: target.clientWidth,
        height: 280,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        series: [
          { label: 'hour ending (UTC)' },
          ...states.map((state, i) => ({
            label: state,
            stroke: COLORS[i % COLORS.length],
            width: 2,
            points: { show: false },
          })),
        ],
        axes: [{}, { label: 'customers', size: 60, incrs: WHOLE_STEPS, values: (_u, ticks) => ticks.map(formatCount) }],
      },
      data,
      target,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: target.clientWidth, height: 280 }));
    resize.observe(target);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [history, states]);
  return <div class="history-chart" ref={container} />;
}
