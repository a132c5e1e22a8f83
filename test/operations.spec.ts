import { EventStorage } from '@heed/embedded-store';
import { serveMetrics } from '@heed/service';
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { parse } from 'yaml';
import { ConnectMetrics } from '../apps/connect/src/metrics/connect-metrics';
import { EngineMetrics } from '../apps/engine/src/metrics/engine-metrics';
import { IngestMetrics } from '../apps/ingest/src/metrics/ingest-metrics';
import { registerStoreMetrics } from '../apps/store/src/store-metrics';

// docs/operations.md is the reference of every metric; the dashboard and the alert rules must
// query metrics that exist, or they show nothing and never fire.
const root = join(__dirname, '..');
const operations = readFileSync(join(root, 'docs/operations.md'), 'utf8');
const dashboard = JSON.parse(readFileSync(join(root, 'docs/operations/grafana-dashboard.json'), 'utf8')) as {
  panels: Array<{ type: string; targets?: Array<{ expr: string }> }>;
};
const alerts = parse(readFileSync(join(root, 'docs/operations/alerts.yml'), 'utf8')) as {
  groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
};

/** Every `heed_*` metric of every part and its type, registered as the all-in-one process registers them. */
async function heedMetrics(): Promise<Map<string, string>> {
  const registry = new Registry();
  new IngestMetrics(registry);
  new EngineMetrics(registry).watch({
    residentActors: () => 0,
    signalsInFlight: () => 0,
    subscriptionConnected: () => true,
    timers: () => ({ openBuckets: 0, waiting: 0 }),
    lag: async () => ({ events: 0, seconds: 0, parked: 0 }),
  });
  new ConnectMetrics(registry);
  const storage = new EventStorage();
  registerStoreMetrics(registry, { storage, persistentGroups: () => [] });
  const fastify = Fastify();
  serveMetrics(fastify, registry, 'test');
  const metrics = await registry.getMetricsAsJSON();
  storage.close();
  await fastify.close();
  return new Map(metrics.map((m) => [m.name, String(m.type)]));
}

/** The `heed_*` metric names an expression queries (without the histogram suffixes). */
const queried = (expr: string): string[] =>
  [...expr.matchAll(/\b(heed_[a-z_]+)/g)].map((m) => m[1]!.replace(/_(bucket|count|sum)$/, ''));

let metrics: Map<string, string>;
beforeAll(async () => (metrics = await heedMetrics()));

describe('docs/operations.md', () => {
  it('documents every metric, with its type', () => {
    expect(metrics.size).toBeGreaterThan(25);
    for (const [name, type] of metrics) {
      const row = operations.split('\n').find((line) => line.startsWith(`| \`${name}\``));
      expect([name, row?.split('|')[2]?.trim()]).toEqual([name, type]);
    }
  });

  it('documents no metric that does not exist', () => {
    const documented = [...operations.matchAll(/^\| `(heed_[a-z_]+)`/gm)].map((m) => m[1]!);
    expect(documented.filter((name) => !metrics.has(name))).toEqual([]);
  });

  it('names metrics as Prometheus does: heed_ prefix, counters in _total, units in base units', () => {
    for (const [name, type] of metrics) {
      expect(name).toMatch(/^heed_[a-z]+_[a-z_]+$/);
      if (type === 'counter') expect(name).toMatch(/_total$/);
      else expect(name).not.toMatch(/_total$/);
      expect(name).not.toMatch(/_(ms|milliseconds|minutes|kb|mb)(_|$)/);
    }
  });
});

describe('the Grafana dashboard and the alert rules', () => {
  it('query only metrics that exist', () => {
    const exprs = [
      ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
      ...alerts.groups.flatMap((g) => g.rules.map((r) => r.expr)),
    ];
    expect(exprs.length).toBeGreaterThan(20);
    const unknown = exprs.flatMap(queried).filter((name) => !metrics.has(name));
    expect(unknown).toEqual([]);
  });

  it('alert on lag, parked signals and error rates, each rule documented', () => {
    const rules = alerts.groups.flatMap((g) => g.rules);
    for (const watched of [
      'heed_engine_subscription_lag_seconds',
      'heed_engine_parked_signals',
      'heed_ingest_request_errors_total',
    ]) {
      expect(rules.some((r) => queried(r.expr).includes(watched))).toBe(true);
    }
    for (const rule of rules) expect(operations).toContain(`\`${rule.alert}\``);
  });
});
