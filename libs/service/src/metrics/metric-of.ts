import type { Metric, Registry } from 'prom-client';

/**
 * The metric registered under `name` in `registry`, created by `create` the first time. In the
 * all-in-one process several parts share one registry: the second part to ask for a metric gets
 * the first one's rather than an error for a duplicate name.
 */
export function metricOf<M extends Metric>(registry: Registry, name: string, create: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create();
}
