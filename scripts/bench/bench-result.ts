/**
 * What each benchmark script prints as JSON on its last line, for `npm run bench` to collect.
 * Scripts that print no such line get their Markdown tables copied as they are.
 */
export type BenchFigure = Readonly<{
  name: string;
  value: number;
  unit: string;
  /** The same measure of a bare limit in the same run (bare Fastify, bare SQLite, ingest alone…). */
  limit?: Readonly<{ name: string; value: number }>;
  /** The goal in words (`≤ 50 ms`), and whether it is met. */
  goal?: string;
  met?: boolean;
}>;

/** Series for the plots. Every field is optional; a script gives what it measures. */
export type BenchSeries = Readonly<{
  /** Latency samples in ms (end to end: HTTP request → command event appended). */
  latencyMs?: readonly number[];
  /** Events per second, per second of the run. */
  throughput?: ReadonlyArray<{ second: number; eventsPerSecond: number }>;
  /** Memory over the time of a run (end-to-end soak). */
  memory?: ReadonlyArray<{ second?: number; customers: number; heapMb: number; rssMb: number }>;
  /** Memory against known customers (engine bench, under passivation). */
  memoryByCustomers?: ReadonlyArray<{ customers: number; heapMb: number; rssMb: number }>;
  /** Rehydration time against the length of the customer's stream (engine bench). */
  rehydration?: ReadonlyArray<{ streamLength: number; ms: number; snapshot?: boolean }>;
}>;

export type BenchResult = Readonly<{
  area: string;
  figures: readonly BenchFigure[];
  series?: BenchSeries;
  notes?: readonly string[];
}>;

type LooseFigure = Omit<BenchFigure, 'limit'> & { limit?: BenchFigure['limit'] | number; limitName?: string };

/**
 * The last line of a script's output as a bench result, when it is one. Also reads the engine
 * bench's form: `limit` a number beside `limitName`, series as `[x, y]` pairs.
 */
export function parseBenchResult(stdout: string): BenchResult | undefined {
  const last = stdout.trim().split('\n').pop() ?? '';
  let parsed: { area?: unknown; figures?: unknown; series?: Record<string, unknown>; notes?: readonly string[] };
  try {
    parsed = JSON.parse(last) as typeof parsed;
  } catch {
    return undefined;
  }
  if (typeof parsed.area !== 'string' || !Array.isArray(parsed.figures)) return undefined;
  const figures = (parsed.figures as LooseFigure[]).map(({ limit, limitName, ...figure }): BenchFigure => ({
    ...figure,
    ...(typeof limit === 'number'
      ? limitName === 'goal'
        ? {}
        : { limit: { name: limitName ?? 'limit', value: limit } }
      : limit
        ? { limit }
        : {}),
  }));
  const series = Object.fromEntries(
    Object.entries(parsed.series ?? {}).map(([key, values]) => [
      key,
      key === 'latencyMs' && Array.isArray(values)
        ? values.map((v: unknown) => (Array.isArray(v) ? Number(v[1]) : Number(v)))
        : values,
    ]),
  ) as BenchSeries;
  return { area: parsed.area, figures, series, ...(parsed.notes && { notes: parsed.notes }) };
}

/** The p-th percentile (0–100) of samples, by nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
