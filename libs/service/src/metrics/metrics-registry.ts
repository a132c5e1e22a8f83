import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A Prometheus registry for one Heed process, with Node's process metrics (`process_*`,
 * `nodejs_*`: CPU, memory, event-loop delay, GC) registered once. Every part of the process
 * registers its `heed_*` metrics in it; the all-in-one process shares one among its parts.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
