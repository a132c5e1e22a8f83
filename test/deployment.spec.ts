import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

// No Docker engine runs where Heed is developed, so the deployment files are checked statically:
// every service runs an entry point that the build produces, and every HEED_ variable they set is
// one that Heed reads.
const root = join(__dirname, '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<
    string,
    { command?: string[]; environment?: Record<string, string>; build?: string; image?: string }
  >;
};
const documented = readFileSync(join(root, 'docs/configuration.md'), 'utf8');

describe('docker-compose.yml', () => {
  it('runs a real EventStoreDB with the standard projections Heed subscribes through', () => {
    const store = compose.services.eventstore!;
    expect(store.image).toMatch(/^eventstore\/eventstore:/);
    expect(store.environment).toMatchObject({
      EVENTSTORE_RUN_PROJECTIONS: 'All',
      EVENTSTORE_START_STANDARD_PROJECTIONS: 'true',
    });
  });

  it.each(['ingest', 'engine'])('runs the %s service from an entry point the build produces', (name) => {
    const service = compose.services[name]!;
    expect(service.build).toBe('.');
    const entry = service.command?.[1] ?? '';
    expect(entry).toMatch(/^dist\/apps\/[a-z]+\/src\/main\.js$/);
    const source = entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
    expect(existsSync(join(root, source))).toBe(true);
    expect(service.environment?.HEED_STORE_URL).toBe('esdb://eventstore:2113?tls=false');
  });

  it('sets only HEED_ variables that are documented configuration', () => {
    const variables = Object.values(compose.services).flatMap((s) => Object.keys(s.environment ?? {}));
    const heed = variables.filter((v) => v.startsWith('HEED_'));
    expect(heed.length).toBeGreaterThan(0);
    for (const variable of heed) expect(documented).toContain(`\`${variable}\``);
  });
});
