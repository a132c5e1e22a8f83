import { build } from 'esbuild';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../studio/chromium';
import { STORED_BY_EVERY_CALL_TYPE } from './every-call-type';
import { newCustomer, readAll, startIngest, WRITE_KEY, type IngestUnderTest } from './ingest-harness';

const ROOT = join(__dirname, '../../..');

/** `@segment/analytics-next` from node_modules, bundled for the page: nothing comes from Segment's CDN. */
async function bundledAnalytics(): Promise<string> {
  const result = await build({
    stdin: {
      contents:
        "import { AnalyticsBrowser } from '@segment/analytics-next'; window.AnalyticsBrowser = AnalyticsBrowser;",
      resolveDir: ROOT,
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** A site on its own origin (another port than ingest's), serving a page and the bundle. */
async function startSite(script: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    if (request.url === '/analytics.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      return;
    }
    response
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><title>Pricing</title><script src="/analytics.js"></script>');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/pricing`, server };
}

describe('@segment/analytics-next in Chromium against a running ingest', () => {
  let ingest: IngestUnderTest;
  let site: { url: string; server: Server };
  let browser: Browser;
  beforeAll(async () => {
    ingest = await startIngest();
    site = await startSite(await bundledAnalytics());
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    site?.server.close();
    await ingest?.stop();
  });

  it('sends every call type from a page on another origin, each stored once', async () => {
    const customer = newCustomer();
    const page = await browser.newPage();
    const requests: Array<{ path: string; contentType: string | undefined }> = [];
    page.on('request', (r) => {
      if (r.method() === 'POST')
        requests.push({ path: new URL(r.url()).pathname, contentType: r.headers()['content-type'] });
    });
    await page.goto(site.url);
    const failures = await page.evaluate(
      async ({ writeKey, apiHost, customer }) => {
        type Ctx = { failedDelivery(): unknown };
        type Analytics = Record<string, (...args: unknown[]) => Promise<Ctx>>;
        const load = (globalThis as unknown as { AnalyticsBrowser: { load(...a: unknown[]): Promise<[Analytics]> } })
          .AnalyticsBrowser.load;
        // The settings the CDN would serve, given inline: the Segment.io destination is Heed.
        const [analytics] = await load({
          writeKey,
          cdnSettings: { integrations: { 'Segment.io': { apiKey: writeKey, apiHost, protocol: 'http' } } },
        });
        const sent = [
          await analytics['track']!('Signed Up', { type: 'organic' }),
          await analytics['identify']!(customer, { email: 'ada@example.com' }),
          await analytics['track']!('Signed In', { username: 'ada' }),
          await analytics['page']!(),
          await analytics['screen']!('Home'),
          await analytics['group']!('acme', { name: 'Acme', plan: 'team' }),
          await analytics['alias']!(customer),
        ];
        return sent.map((ctx) => ctx.failedDelivery()).filter((f) => f !== undefined);
      },
      { writeKey: WRITE_KEY, apiHost: `${new URL(ingest.url).host}/v1`, customer },
    );
    expect(failures).toEqual([]);
    expect(requests.map((r) => r.path)).toEqual(['/v1/t', '/v1/i', '/v1/t', '/v1/p', '/v1/s', '/v1/g', '/v1/a']);
    expect(requests.every((r) => r.contentType === 'text/plain')).toBe(true);

    const stored = await readAll(ingest.client, `customer-${customer}`);
    expect(stored.map((e) => e.type).sort()).toEqual(STORED_BY_EVERY_CALL_TYPE);
    expect(new Set(stored.map((e) => e.metadata['messageId'])).size).toBe(stored.length);
    expect(stored.find((e) => e.type === 'PageViewed')?.data['properties']).toMatchObject({ path: '/pricing' });
  }, 60_000);
});
