import { generatePopulation, DAY, type SimulatedCustomer } from '@heed/simulator';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHeedConfig, startHeed, type RunningHeed } from '../heed/src/start-heed';
import { populationCalls } from '../simulator/src/send/population-calls';
import { sendCalls } from '../simulator/src/send/send-population';
import { buildStudio } from './build';
import { launchChromium } from './chromium';

const WRITE_KEY = 'studio-screenshots-write-0123456789';
const API_KEY = 'studio-screenshots-api-0123456789';
const OUT = join(__dirname, '..', '..', 'docs', 'studio');
/** The population view shows the first of these that has customers. */
const SHOWCASE_STATES = [
  'customer.engagement.at-risk.flagged',
  'customer.engagement.churning',
  'customer.fraud.suspicious',
];

/** A whole Heed in this process (temporary data), fed a small simulated population. */
export async function startDemoHeed(
  customers = 150,
): Promise<{ heed: RunningHeed; population: SimulatedCustomer[]; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'heed-studio-'));
  const heed = await startHeed(
    loadHeedConfig({
      HEED_STORE_PORT: '0',
      HEED_INGEST_PORT: '0',
      HEED_ENGINE_PORT: '0',
      HEED_DATA_DIR: dataDir,
      HEED_WRITE_KEYS: WRITE_KEY,
      HEED_API_KEYS: API_KEY,
    }),
    false,
  );
  // Three simulated weeks ending now: ingest refuses times in the future, and past delays come due
  // on the timer wheel's next tick.
  const end = Math.floor(Date.now() / 60_000) * 60_000;
  const population = generatePopulation({
    seed: 11,
    customers,
    weeks: 3,
    start: new Date(end - 3 * 7 * DAY).toISOString(),
    idPrefix: 'demo-',
  });
  await sendCalls({ url: heed.ingestUrl, writeKey: WRITE_KEY }, populationCalls(population), {
    rate: 0,
    batchSize: 200,
    progress: false,
  });
  await settled(heed.engineUrl);
  return {
    heed,
    population: [...population.customers],
    stop: async () => {
      await heed.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until the read model has caught up and its counts stopped moving (timers included). */
async function settled(engineUrl: string): Promise<void> {
  let last = '';
  for (let quiet = 0; quiet < 3;) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const response = await fetch(`${engineUrl}/v1/population/counts`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    const counts = (await response.json()) as { checkpoint: { position: string | null; caughtUp: boolean } };
    const now = JSON.stringify(counts);
    quiet = counts.checkpoint.caughtUp && now === last ? quiet + 1 : 0;
    last = now;
  }
}

/** Writes a PNG of each view of Studio to docs/studio/, over a demo population. */
async function main(): Promise<void> {
  await buildStudio();
  const demo = await startDemoHeed();
  const browser = await launchChromium();
  try {
    mkdirSync(OUT, { recursive: true });
    const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
    const url = demo.heed.engineUrl;
    const shot = async (name: string) => {
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
      console.log(`docs/studio/${name}.png`);
    };

    await page.goto(`${url}/#/machine`);
    await page.getByLabel('API key').fill(API_KEY);
    await shot('sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.statechart .state').first().waitFor();
    await page.getByText('read model caught up').waitFor();
    await page.getByText('Week').click();
    await shot('machine');

    const counts = (await (
      await fetch(`${url}/v1/population/counts`, { headers: { authorization: `Bearer ${API_KEY}` } })
    ).json()) as { states: Record<string, number> };
    const shown = SHOWCASE_STATES.find((state) => (counts.states[state] ?? 0) > 0) ?? SHOWCASE_STATES[0];
    await page.goto(`${url}/#/population/${shown}`);
    await page.locator('.customer-list table').waitFor();
    await shot('population');

    const victim = demo.population.find((c) => c.truth.kind === 'cardholder' && c.truth.persona === 'fraud-victim');
    const customerId = victim?.customerId ?? demo.population[0]!.customerId;
    await page.goto(`${url}/#/customer/${encodeURIComponent(customerId)}`);
    await page.locator('.timeline-item').first().waitFor();
    await shot('customer');

    const changed = page.locator('.timeline-item--state-changed').nth(1);
    await changed.click();
    await page.getByRole('status').filter({ hasText: 'As of input' }).waitFor();
    await shot('time-travel');
  } finally {
    await browser.close();
    await demo.stop();
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
