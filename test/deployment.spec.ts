import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { ConnectConfig } from '../apps/connect/src/connect.config';
import { ConnectMetricsConfig } from '../apps/connect/src/metrics/connect-metrics.config';
import { EngineConfig } from '../apps/engine/src/engine.config';
import { IngestConfig } from '../apps/ingest/src/ingest.config';
import { loadConfigs } from '@heed/config';
import { resolveDestinations } from '@heed/connect';
import { StoreConfig } from '@heed/event-store';
import { LogConfig, METRICS_PATH, serveMetricsPort } from '@heed/service';
import { Registry } from 'prom-client';

// Where no Docker engine runs, the deployment files are checked statically (the image itself is
// built by apps/heed/test/docker-image.e2e.spec.ts where one does): every service runs an entry
// point that the build produces as a non-root user with a writable data directory, listens where
// the container publishes it, has a health check that works without curl, and every HEED_
// variable set is one that Heed reads.
const root = join(__dirname, '..');
interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  build?: string;
  image?: string;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test?: string[] };
}

/**
 * Each Heed service of the compose file: the configuration its entry point loads (main.ts), the
 * variables of its listening interface and port with the port's default, and the path its health
 * check calls. Connect has no HTTP API: its metrics port serves `/metrics` and `/health`.
 */
const HEED_SERVICES = {
  ingest: {
    configs: { config: IngestConfig, log: LogConfig, store: StoreConfig },
    host: 'HEED_INGEST_HOST',
    port: 'HEED_INGEST_PORT',
    defaultPort: 3000,
    health: '/health',
  },
  engine: {
    configs: { config: EngineConfig, log: LogConfig, store: StoreConfig },
    host: 'HEED_ENGINE_HOST',
    port: 'HEED_ENGINE_PORT',
    defaultPort: 3001,
    health: '/health/ready',
  },
  connect: {
    configs: { config: ConnectConfig, metrics: ConnectMetricsConfig, log: LogConfig, store: StoreConfig },
    host: 'HEED_CONNECT_METRICS_HOST',
    port: 'HEED_CONNECT_METRICS_PORT',
    defaultPort: undefined,
    health: '/health',
  },
} as const;
type HeedService = keyof typeof HEED_SERVICES;
const HEED_SERVICE_NAMES = Object.keys(HEED_SERVICES) as HeedService[];
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const documented = readFileSync(join(root, 'docs/configuration.md'), 'utf8');
/** The Dockerfile's instructions, without comments, each on one line. */
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8')
  .replace(/^\s*#.*\n/gm, '')
  .replace(/\\\n/g, ' ');
/** The instructions of the image's last stage, the one that runs. */
const runStage = dockerfile.split(/^FROM /m).at(-1)!;
const heedServices = Object.entries(compose.services).filter(([, s]) => s.build === '.');

/** The port a Heed service listens on inside its container: set by the file, the image, or its default. */
function listensOn(name: HeedService): number | undefined {
  const { port, defaultPort } = HEED_SERVICES[name];
  const value = compose.services[name]!.environment?.[port] ?? envOf(port);
  return value === undefined ? defaultPort : Number(value);
}

/** The value an `ENV` instruction of the run stage gives a variable. */
const envOf = (variable: string): string | undefined =>
  new RegExp(`^ENV .*\\b${variable}=(\\S+)`, 'm').exec(runStage)?.[1];

describe('docker-compose.yml', () => {
  it('runs a real EventStoreDB with the standard projections Heed subscribes through', () => {
    const store = compose.services.eventstore!;
    expect(store.image).toMatch(/^eventstore\/eventstore:/);
    expect(store.environment).toMatchObject({
      EVENTSTORE_RUN_PROJECTIONS: 'All',
      EVENTSTORE_START_STANDARD_PROJECTIONS: 'true',
    });
  });

  it('publishes the insecure EventStoreDB on loopback only', () => {
    const ports = compose.services.eventstore!.ports ?? [];
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });

  it('runs the production shape: EventStoreDB, ingest, engine, connect and Prometheus', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['connect', 'engine', 'eventstore', 'ingest', 'prometheus']);
    expect(heedServices.map(([name]) => name).sort()).toEqual([...HEED_SERVICE_NAMES].sort());
  });

  it('pins every image it pulls to a version (never latest); Heed services build this checkout', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (service.build !== undefined) {
        expect([name, service.build, service.image]).toEqual([name, '.', undefined]);
        continue;
      }
      expect([name, service.image]).toEqual([name, expect.stringMatching(/^[a-z0-9./-]+:v?\d+\.\d+(\.\d+)?$/)]);
    }
  });

  it.each(heedServices)('runs %s from an entry point the build produces', (_, service) => {
    const entry = service.command?.[1] ?? '';
    expect(entry).toMatch(/^dist\/apps\/[a-z]+\/src\/main\.js$/);
    const source = entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
    expect(existsSync(join(root, source))).toBe(true);
    expect(service.environment?.HEED_STORE_URL).toBe('esdb://eventstore:2113?tls=false');
  });

  it.each(HEED_SERVICE_NAMES)('binds %s to every interface of its container', (name) => {
    const variable = HEED_SERVICES[name].host;
    expect(compose.services[name]!.environment?.[variable] ?? envOf(variable)).toBe('0.0.0.0');
  });

  it.each(HEED_SERVICE_NAMES)('sets variables that %s accepts at start', (name) => {
    // Required values the file takes from the shell (`${VAR:?…}`) get a valid sample here.
    const environment = Object.fromEntries(
      Object.entries(compose.services[name]!.environment ?? {}).map(([key, value]) => [
        key,
        /^\$\{[A-Z_]+:\?/.test(value) ? 'a-sample-key-0123456789abcdef' : value,
      ]),
    );
    expect(() => loadConfigs(HEED_SERVICES[name].configs, environment)).not.toThrow();
  });

  it('gives connect its destinations file, mounted read-only where HEED_CONNECT_CONFIG points, none by default', () => {
    const connect = compose.services.connect!;
    const file = connect.environment?.HEED_CONNECT_CONFIG;
    expect(file).toMatch(/^\/.+\.json$/);
    // `<host file>:<container path>:ro`, the host file from the shell or its default.
    const mount = (connect.volumes ?? []).find((v) => v.endsWith(`:${file}:ro`));
    expect(mount).toBeDefined();
    // The default file (`${CONNECT_DESTINATIONS:-<file>}`) exists and is valid: connect starts, delivering nothing.
    const fallback = /^\$\{CONNECT_DESTINATIONS:-([^}]+)\}:/.exec(mount!)?.[1];
    expect(fallback).toBeDefined();
    const destinations = resolveDestinations(JSON.parse(readFileSync(join(root, fallback!), 'utf8')), {}, fallback);
    expect(destinations).toEqual([]);
  });

  it('checks the health of every service, the Heed ones with Node (the slim image has no curl)', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      const test = service.healthcheck?.test ?? [];
      expect([name, test.length > 0]).toEqual([name, true]);
      if (service.build === '.') expect([name, test.slice(0, 3)]).toEqual([name, ['CMD', 'node', '-e']]);
    }
  });

  it('sets only HEED_ variables that are documented configuration', () => {
    const variables = Object.values(compose.services).flatMap((s) => Object.keys(s.environment ?? {}));
    const heed = [...variables, ...[...runStage.matchAll(/\b(HEED_[A-Z_]+)=/g)].map((m) => m[1]!)].filter((v) =>
      v.startsWith('HEED_'),
    );
    expect(heed.length).toBeGreaterThan(0);
    for (const variable of heed) expect(documented).toContain(`\`${variable}\``);
  });
});

describe('the Prometheus of docker-compose.yml', () => {
  const prometheus = compose.services.prometheus as ComposeService & { volumes?: string[] };
  /** The host file mounted at a container path. */
  const mounted = (containerPath: string): string => {
    const volume = (prometheus.volumes ?? []).find((v) => v.split(':')[1] === containerPath);
    expect(volume).toBeDefined();
    return join(root, volume!.split(':')[0]!);
  };
  const config = parse(readFileSync(mounted('/etc/prometheus/prometheus.yml'), 'utf8')) as {
    rule_files: string[];
    scrape_configs: Array<{
      job_name: string;
      metrics_path: string;
      dns_sd_configs: Array<{ names: string[]; type: string; port: number }>;
    }>;
  };

  it('runs a pinned Prometheus image, published on loopback only', () => {
    expect(prometheus.image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    for (const port of prometheus.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });

  it.each(HEED_SERVICE_NAMES)('scrapes every %s replica at the port it listens on and the metrics path', (name) => {
    const job = config.scrape_configs.find((j) => j.dns_sd_configs.some((d) => d.names.includes(name)));
    expect(job?.metrics_path).toBe(METRICS_PATH);
    const discovery = job!.dns_sd_configs.find((d) => d.names.includes(name))!;
    expect(discovery.type).toBe('A');
    expect(listensOn(name)).toBe(discovery.port);
    // What is published maps to that port inside the container (connect publishes nothing).
    const published = (compose.services[name]!.ports ?? []).map((p) => Number(p.split(':').at(-1)));
    for (const port of published) expect(port).toBe(discovery.port);
  });

  it('evaluates the alert rules of docs/operations/alerts.yml', () => {
    expect(config.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
    expect(mounted('/etc/prometheus/alerts.yml')).toBe(join(root, 'docs/operations/alerts.yml'));
    expect(existsSync(join(root, 'docs/operations/alerts.yml'))).toBe(true);
  });
});

describe('the Node health checks of docker-compose.yml', () => {
  let server: Server;
  let status = 200;
  let port: number;
  beforeAll(async () => {
    server = createServer((_, response) => response.writeHead(status).end());
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((closed) => server.close(closed)));

  /** Runs a service's check as Docker would, against this test's server instead of the service. */
  const check = async (service: string): Promise<number> => {
    const [, node, flag, script] = compose.services[service]!.healthcheck!.test!;
    const local = script!.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${port}`);
    try {
      await promisify(execFile)(node === 'node' ? process.execPath : node!, [flag!, local]);
      return 0;
    } catch (error) {
      return (error as { code: number }).code;
    }
  };

  it.each(HEED_SERVICE_NAMES)(
    'passes for %s when it answers 200, fails when it answers 503',
    async (service) => {
      status = 200;
      expect(await check(service)).toBe(0);
      status = 503;
      expect(await check(service)).toBe(1);
      // Two Node processes start: seconds each on a loaded machine.
    },
    30_000,
  );

  it.each(HEED_SERVICE_NAMES)('calls %s at the port it listens on and its health path', (service) => {
    const script = compose.services[service]!.healthcheck!.test![3]!;
    const url = new URL(/'(http:\/\/127\.0\.0\.1:\d+[^']*)'/.exec(script)![1]!);
    expect([Number(url.port), url.pathname]).toEqual([listensOn(service), HEED_SERVICES[service].health]);
  });

  it.each([
    ['ingest', 'apps/ingest/src/health/health.controller.ts'],
    ['engine', 'apps/engine/src/health/health.controller.ts'],
  ] as const)('calls a path that %s serves', (service, controller) => {
    const source = readFileSync(join(root, controller), 'utf8');
    const [, base, sub] = /^\/([a-z]+)(?:\/([a-z]+))?$/.exec(HEED_SERVICES[service].health)!;
    expect(source).toContain(`@Controller('${base}')`);
    expect(source).toContain(sub === undefined ? '@Get()' : `@Get('${sub}')`);
  });

  it("calls a path that connect's metrics port serves", async () => {
    // Fastify and the metrics registry load on first use: seconds on a loaded machine.
    const served = await serveMetricsPort(new Registry(), '127.0.0.1', 0);
    try {
      const [health, metrics] = await Promise.all(
        [HEED_SERVICES.connect.health, METRICS_PATH].map((path) => fetch(`${served.url}${path}`)),
      );
      expect([health!.status, metrics!.status]).toEqual([200, 200]);
    } finally {
      await served.stop();
    }
  }, 30_000);
});

describe('Dockerfile', () => {
  it('runs as the unprivileged node user', () => {
    expect(runStage).toMatch(/^USER node$/m);
    expect(runStage.indexOf('USER node')).toBeGreaterThan(runStage.indexOf('RUN '));
  });

  it('gives that user a data volume, where the store, the keys and the read model go', () => {
    expect(envOf('HEED_DATA_DIR')).toBe('/data');
    expect(runStage).toMatch(/^RUN mkdir -p \/data && chown node:node \/data$/m);
    expect(runStage).toMatch(/^VOLUME \/data$/m);
    // The engine's read model defaults to a file in HEED_DATA_DIR: nothing may point it elsewhere.
    expect(runStage).not.toContain('HEED_ENGINE_READ_MODEL');
  });

  it('binds the HTTP services of the all-in-one to every interface, and keeps its store on loopback', () => {
    expect(envOf('HEED_INGEST_HOST')).toBe('0.0.0.0');
    expect(envOf('HEED_ENGINE_HOST')).toBe('0.0.0.0');
    expect(envOf('HEED_STORE_HOST')).toBeUndefined();
    expect(runStage).toMatch(/^CMD \["node", "dist\/apps\/heed\/src\/main\.js"\]$/m);
  });

  it('checks health with Node, not curl', () => {
    expect(runStage).toMatch(/^HEALTHCHECK .*CMD \["node", "-e", .*\/health\/ready/m);
    expect(runStage).not.toMatch(/curl|wget/);
  });

  it('builds on a Node version that every runtime dependency supports', () => {
    const major = Number(/^FROM node:(\d+)-/m.exec(dockerfile)?.[1]);
    expect(major).toBeGreaterThanOrEqual(22);
    expect([...dockerfile.matchAll(/^FROM node:(\d+)-/gm)].every((m) => Number(m[1]) === major)).toBe(true);
  });
});
