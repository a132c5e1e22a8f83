import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { buildStudio } from '../../studio/build';
import { launchChromium } from '../../studio/chromium';
import { cardTransaction, day, featureUsed, session, signedUp, viewedPage } from '../../../libs/domain/src/testing';
import { runWhatIf } from '../../replay/src/whatif/run-whatif';
import { nextOfType } from '../../../test/support/next-event';
import { customerKind } from '../src/lifecycle/customer-kind';
import { startEngine, type RunningEngine } from '../src/start-engine';
import type { MachineView, StateNodeView } from '../../studio/src/api/contract';
import { API_KEY, EngineHarness, forCustomer, newCustomer } from './engine-harness';
import { loadConfig } from '@heed/config';
import { EngineConfig } from '../src/engine.config';

// Heed Studio in Chromium against a real engine on an embedded store: what a person signing in
// sees, the count of a state moving live, a customer's timeline with causes, and time travel.
jest.setTimeout(120_000);

const SUSPICIOUS = 'customer.fraud.suspicious';
const CLEAR = 'customer.fraud.clear';

describe('Heed Studio in the browser', () => {
  let studioDir: string;
  let h: EngineHarness;
  let engine: RunningEngine;
  let browser: Browser;
  let page: Page;
  const requests: Request[] = [];
  const scriptErrors: Error[] = [];

  const startEngineServing = async (dir: string): Promise<RunningEngine> => {
    const config = loadConfig(EngineConfig, {
      HEED_ENGINE_PORT: '0',
      HEED_API_KEYS: API_KEY,
      HEED_ENGINE_GROUP: h.group,
      HEED_ENGINE_READ_MODEL: ':memory:',
      HEED_DATA_DIR: h.dataDir,
    });
    const started = await startEngine(config, {
      client: h.client,
      kind: customerKind(),
      logger: false,
      studioDir: dir,
    });
    h.engines.push(started);
    return started;
  };

  beforeAll(async () => {
    // Built here: the test passes on a fresh clone where `npm run build` never ran.
    studioDir = mkdtempSync(join(tmpdir(), 'heed-studio-'));
    await buildStudio(studioDir, { minify: false });
    h = await EngineHarness.start();
    engine = await startEngineServing(studioDir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
    page.on('request', (request) => requests.push(request));
    page.on('pageerror', (error) => scriptErrors.push(error));
  });

  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    rmSync(studioDir, { recursive: true, force: true });
  });

  const state = (id: string) => page.locator(`.statechart [data-state="${id}"]`).first();
  const countOf = (id: string) => state(id).locator('.state-count');

  it('refuses a bad key with a visible message, and the page holds no key', async () => {
    const html = await (await fetch(`${engine.url}/`)).text();
    expect(html).toContain('Heed Studio');
    expect(html).not.toContain(API_KEY);

    await page.goto(`${engine.url}/#/machine`);
    await page.getByLabel('API key').fill('not-a-key-of-this-engine');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The engine refused this key' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Heed Studio' }).isVisible()).toBe(true);
  });

  it('signs in and shows every state of the running machine, with its version', async () => {
    await page.getByLabel('API key').fill(API_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await state(SUSPICIOUS).waitFor();

    const machine = (await (
      await fetch(`${engine.url}/v1/machine`, { headers: { authorization: `Bearer ${API_KEY}` } })
    ).json()) as MachineView;
    const states: StateNodeView[] = [];
    const walk = (node: StateNodeView) => {
      states.push(node);
      node.children.forEach(walk);
    };
    walk(machine.root);
    expect(states.length).toBeGreaterThan(10);
    for (const node of states) {
      const name = state(node.id).locator('.state-name');
      expect(await name.isVisible()).toBe(true);
      expect((await name.textContent())?.trim()).toBe(node.key);
    }
    expect(await page.locator('.machine-version').textContent()).toContain(`version ${machine.version}`);
    // The key went in headers only: no URL the page asked for carries it.
    expect(requests.some((r) => r.url().includes('/v1/machine'))).toBe(true);
    expect(requests.filter((r) => r.url().includes(API_KEY))).toEqual([]);
  });

  const customer = newCustomer('studio');

  it('moves the count of a state live when a customer enters it', async () => {
    await page.getByText('live', { exact: true }).waitFor();
    await countOf(SUSPICIOUS).filter({ hasText: /^\d+$/ }).waitFor();
    const before = Number(await countOf(SUSPICIOUS).textContent());
    // lifecycle.int.spec test 2: a night-time record card transaction from a new country.
    await h.append(
      ...forCustomer(customer, [
        cardTransaction(day(0, '12:10'), { transaction_id: 'tx-1', amount: 2_500 }),
        cardTransaction(day(1, '18:30'), { transaction_id: 'tx-2', amount: 4_000, local_time: '18:30' }),
        cardTransaction(day(2, '08:05'), { transaction_id: 'tx-3', amount: 12_000, local_time: '08:05' }),
        cardTransaction(day(3, '05:47'), {
          transaction_id: 'tx-4',
          amount: 95_000,
          country: 'BR',
          local_time: '02:47',
        }),
      ]),
    );
    await nextOfType(h.client, `lifecycle-${customer}`, 'CardFreezeRequested');
    // From the engine's decision to the number on the chart: within 2 s.
    await countOf(SUSPICIOUS)
      .filter({ hasText: new RegExp(`^${before + 1}$`) })
      .waitFor({ timeout: 2_000 });
  });

  it('opens the customer and shows the cause of the transition in the timeline', async () => {
    await page.getByPlaceholder('Customer id or anonymous id').fill(customer);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('heading', { name: `Customer ${customer}` }).waitFor();

    const change = page.locator('.timeline-item', { hasText: 'fraud: clear → suspicious' });
    await change.waitFor();
    const cause = change.getByRole('button', { name: /caused by CardTransactionAuthorized \(input #3\)/ });
    expect(await cause.isVisible()).toBe(true);
    await cause.click();
    const focused = page.locator('.timeline-item:focus');
    expect(await focused.textContent()).toContain('tx-4');
    expect(await focused.textContent()).toContain('CardTransactionAuthorized');

    expect(await state(SUSPICIOUS).getAttribute('class')).toContain('is-active');
    expect(await state(CLEAR).getAttribute('class')).not.toContain('is-active');
  });

  it('travels back with the keyboard and shows the earlier state highlighted', async () => {
    // From the cause (input #3), ↑ to the previous item, then Enter: the customer after input #2.
    await page.keyboard.press('ArrowUp');
    const previous = page.locator('.timeline-item:focus');
    expect(await previous.textContent()).toContain('tx-3');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'As of input #2' }).waitFor();
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/customer/${customer}@2`);

    await state(CLEAR).and(page.locator('.is-active')).waitFor();
    expect(await state(SUSPICIOUS).getAttribute('class')).not.toContain('is-active');
    expect(await state(CLEAR).getAttribute('aria-label')).toContain('(active)');
    expect(await page.locator('.customer-context .regions').textContent()).toContain('fraudclear');

    await page.getByRole('button', { name: 'Back to now' }).click();
    await state(SUSPICIOUS).and(page.locator('.is-active')).waitFor();
  });

  it('opens a deep link to a point of a customer history', async () => {
    await page.goto(`${engine.url}/#/customer/${encodeURIComponent(customer)}@1`);
    await page.getByRole('status').filter({ hasText: 'As of input #1' }).waitFor();
    await state(CLEAR).and(page.locator('.is-active')).waitFor();
  });

  it('opens a what-if report and goes from an example to the input where the machines first differ', async () => {
    // A customer fading after a good first day; a what-if of a far lower at-risk threshold flags them
    const fading = newCustomer('whatif');
    await h.append(
      ...forCustomer(fading, [
        signedUp(day(0)),
        featureUsed('reports', day(0, '09:05'), true),
        ...session(day(8), 60),
        ...session(day(9), 45),
        ...session(day(10), 90),
        viewedPage('https://app.example.com/pricing', day(11, '10:00')),
      ]),
    );
    await engine.runtime.state(fading);
    const changeFile = join(studioDir, 'at-risk-15.json');
    writeFileSync(changeFile, JSON.stringify({ atRiskScore: 15 }));
    const report = await runWhatIf({
      changeFile,
      customers: { kind: 'ids', ids: [fading] },
      storeUrl: h.store.connectionString,
      workers: 0,
      to: day(14),
    });
    const gained = report.summary.examples.find((e) => e.kind === 'flag-gained');
    const revision = gained?.firstDivergence?.input?.revision;
    expect(revision).toEqual(expect.any(Number));

    // A file that is not a report is refused, saying why
    await page.goto(`${engine.url}/#/whatif`);
    const picker = page.getByLabel('Open a report');
    await picker.setInputFiles({ name: 'notes.md', mimeType: 'text/markdown', buffer: Buffer.from('# notes') });
    await page.getByRole('alert').filter({ hasText: 'notes.md is not a what-if report' }).waitFor();

    // The report shows the change, the flag gained and the example
    await picker.setInputFiles({
      name: 'report.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(report)),
    });
    await page.getByRole('heading', { name: 'What-if: report.json' }).waitFor();
    const flags = page.getByRole('table', { name: /Flags/ });
    expect(await flags.getByRole('row', { name: /engagement\.at-risk/ }).textContent()).toMatch(
      /engagement\.at-risk01/,
    );
    expect(await page.getByRole('table', { name: 'Settings changed' }).textContent()).toContain('atRiskScore6215');
    const example = page.locator('.whatif-example').filter({ hasText: 'flag-gained' });
    await example.getByText(`First different on input ${revision}`).waitFor();

    // and its customer link opens the timeline at that input
    await example.getByRole('link', { name: fading }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `As of input #${revision}` })
      .waitFor();
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/customer/${fading}@${revision}`);

    // and the report is still open on coming back
    await page.goBack();
    await page.getByRole('heading', { name: 'What-if: report.json' }).waitFor();
  });

  it('returns to sign-in, saying why, when the engine refuses the kept key', async () => {
    // The page's own storage (this spec has no DOM types): a key that was valid, now revoked.
    await page.evaluate("sessionStorage.setItem('heed.studio.apiKey', 'a-key-that-was-revoked')");
    await page.reload();
    await page.getByText('The engine refused your key').waitFor();
    expect(await page.getByLabel('API key').isVisible()).toBe(true);
  });

  it('serves its assets without a key but no API, and says to build when there is no build', async () => {
    expect((await fetch(`${engine.url}/assets/main.js`)).status).toBe(200);
    expect((await fetch(`${engine.url}/v1/population/counts`)).status).toBe(401);

    const unbuilt = await startEngineServing(join(studioDir, 'missing'));
    const answer = await fetch(`${unbuilt.url}/`);
    expect(answer.status).toBe(404);
    expect(((await answer.json()) as { message: string }).message).toContain('npm run build');
  });

  it('ran every view without a script error', () => {
    expect(scriptErrors.map((e) => e.message)).toEqual([]);
  });
});
