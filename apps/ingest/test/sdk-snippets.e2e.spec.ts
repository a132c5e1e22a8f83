import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { newCustomer, readAll, startIngest, WRITE_KEY, type IngestUnderTest } from './ingest-harness';

const ROOT = join(__dirname, '../../..');
const run = promisify(execFile);

/** The code blocks of docs/ingest.md's "Point your SDK at Heed", by the heading they stand under. */
function snippets(): Map<string, string> {
  const markdown = readFileSync(join(ROOT, 'docs/ingest.md'), 'utf8');
  const section = markdown.split('\n## Point your SDK at Heed\n')[1]?.split('\n## ')[0] ?? '';
  const found = new Map<string, string>();
  for (const part of section.split('\n### ').slice(1)) {
    const heading = part.slice(0, part.indexOf('\n'));
    const code = /```(?:js|sh)\n([\s\S]*?)```/.exec(part)?.[1];
    if (code !== undefined) found.set(heading, code);
  }
  return found;
}

describe('docs/ingest.md "Point your SDK at Heed", run as written', () => {
  let ingest: IngestUnderTest;
  beforeAll(async () => {
    ingest = await startIngest();
  });
  afterAll(() => ingest.stop());

  const cases: Array<[string, 'node' | 'sh', string[]]> = [
    ['Segment, Node.js (`@segment/analytics-node`)', 'node', ['CustomerIdentified', 'SignedIn', 'GroupIdentified']],
    ['RudderStack, Node.js (`@rudderstack/rudder-sdk-node`)', 'node', ['SignedIn', 'ScreenViewed']],
    ['curl', 'sh', ['SignedIn', 'ScreenViewed', 'GroupIdentified']],
  ];

  it('has a tested snippet under every heading that has one', () => {
    expect([...snippets().keys()].sort()).toEqual(cases.map(([heading]) => heading).sort());
  });

  it.each(cases)('%s', async (heading, runner, types) => {
    const customer = newCustomer();
    // The snippets' customer is `c-42`; each run gets a customer of its own.
    const code = snippets().get(heading)!.replaceAll('c-42', customer);
    const env = { ...process.env, HEED_URL: ingest.url, HEED_WRITE_KEY: WRITE_KEY };
    const args = runner === 'node' ? ['-e', code] : ['-c', `set -e\n${code}`];
    await run(runner === 'node' ? process.execPath : 'sh', args, { cwd: ROOT, env, timeout: 30_000 });
    const stored = await readAll(ingest.client, `customer-${customer}`);
    expect(stored.map((e) => e.type)).toEqual(types);
  });
});
