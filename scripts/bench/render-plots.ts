import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Vega from 'vega';
import type * as VegaLite from 'vega-lite';
import type { BenchSeries } from './bench-result';

type Spec = VegaLite.TopLevelSpec;

// vega ships ES modules with top-level await, which `require` cannot load; a real dynamic import can
// (a plain `import()` would be compiled to `require` in this CommonJS build).
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const importEsm = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

async function toSvg(spec: Spec): Promise<string> {
  const vega = await importEsm<typeof Vega>('vega');
  const vegaLite = await importEsm<typeof VegaLite>('vega-lite');
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}

const base = { width: 520, height: 260, background: 'white' } as const;

/** Renders the plots the series allow into `dir`; returns the written file names with a caption. */
export async function renderPlots(series: BenchSeries, dir: string): Promise<Array<{ file: string; caption: string }>> {
  const written: Array<{ file: string; caption: string }> = [];
  const write = async (file: string, caption: string, spec: Spec): Promise<void> => {
    writeFileSync(join(dir, file), await toSvg(spec));
    written.push({ file, caption });
  };
  if (series.latencyMs !== undefined && series.latencyMs.length > 0) {
    await write('latency.svg', 'End-to-end latency (HTTP request → state change or command appended), distribution', {
      ...base,
      data: { values: series.latencyMs.map((ms) => ({ ms })) },
      mark: 'bar',
      encoding: {
        x: { field: 'ms', bin: { maxbins: 40 }, title: 'latency (ms)' },
        y: { aggregate: 'count', title: 'commands' },
      },
    });
  }
  if (series.throughput !== undefined && series.throughput.length > 0) {
    await write('throughput.svg', 'Events accepted by ingest per second over the run', {
      ...base,
      data: { values: [...series.throughput] },
      mark: 'line',
      encoding: {
        x: { field: 'second', type: 'quantitative', title: 'second of the run' },
        y: { field: 'eventsPerSecond', type: 'quantitative', title: 'events/s' },
      },
    });
  }
  const memoryPlot = async (
    file: string,
    caption: string,
    x: 'customers' | 'second',
    points: ReadonlyArray<{ second?: number; customers: number; heapMb: number; rssMb: number }>,
  ): Promise<void> =>
    write(file, caption, {
      ...base,
      data: {
        values: points.flatMap((m) => [
          { customers: m.customers, second: m.second ?? 0, MB: m.heapMb, kind: 'heap' },
          { customers: m.customers, second: m.second ?? 0, MB: m.rssMb, kind: 'rss' },
        ]),
      },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: x, type: 'quantitative', title: x === 'second' ? 'second of the soak' : 'known customers' },
        y: { field: 'MB', type: 'quantitative', title: 'MB' },
        color: { field: 'kind', type: 'nominal' },
      },
    });
  if (series.memory !== undefined && series.memory.length > 0) {
    // The soak is plotted against time: the flatness is the point.
    await memoryPlot('memory.svg', 'Memory (heap and RSS) over the end-to-end soak', 'second', series.memory);
  }
  if (series.memoryByCustomers !== undefined && series.memoryByCustomers.length > 0) {
    await memoryPlot(
      'memory-customers.svg',
      'Engine memory (heap and RSS) against known customers, 10,000 resident at most',
      'customers',
      series.memoryByCustomers,
    );
  }
  if (series.rehydration !== undefined && series.rehydration.length > 0) {
    await write('rehydration.svg', 'Rehydration time against stream length', {
      ...base,
      data: {
        values: series.rehydration.map((r) => ({
          ...r,
          snapshot: r.snapshot === true ? 'from snapshot' : 'full replay',
        })),
      },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'streamLength', type: 'quantitative', title: 'events in the stream' },
        y: { field: 'ms', type: 'quantitative', title: 'ms' },
        color: { field: 'snapshot', type: 'nominal' },
      },
    });
  }
  return written;
}
