import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// The alert rules load in Prometheus and fire on what they are for (docs/operations/alerts.test.yml),
// checked by Prometheus's own promtool (Debian's `prometheus` package; .ci/run installs it).
const operations = join(__dirname, '..', 'docs', 'operations');
const promtool = (...args: string[]): string =>
  execFileSync('promtool', args, { cwd: operations, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('docs/operations/alerts.yml in Prometheus', () => {
  it('loads: every rule parses and its expression is valid PromQL', () => {
    expect(promtool('check', 'rules', 'alerts.yml')).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('fires each alert tested on its series after its `for`, and not before', () => {
    expect(promtool('test', 'rules', 'alerts.test.yml')).toMatch(/SUCCESS/);
  });
});
