import { loadConfig } from '@heed/config';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { buildStudio } from '../../studio/build';
import { launchFirefox, waitForSelectorInPage, waitInPage } from '../../studio/firefox';
import type { MachineView, StateNodeView } from '../../studio/src/api/contract';
import { cardTransaction, day } from '../../../libs/domain/src/testing';
import { nextOfType } from '../../../test/support/next-event';
import { EngineConfig } from '../src/engine.config';
import { customerKind } from '../src/lifecycle/customer-kind';
import { startEngine, type RunningEngine } from '../src/start-engine';
import { API_KEY, EngineHarness, forCustomer, newCustomer } from './engine-harness';

// Heed Studio in Firefox (Debian's ESR, driven over WebDriver BiDi) against a real engine on an
// embedded store: the same journey as in Chromium (studio.e2e.spec.ts), so that the chart, the
// live counts, the timeline and time travel are known to work in both engines.
jest.setTimeout(180_000);

const SUSPICIOUS = 'customer.fraud.suspicious';
const CLEAR = 'customer.fraud.clear';
const stateSelector = (id: string) => `.statechart [data-state="${id}"]`;

describe('Heed Studio in Firefox', () => {
  let studioDir: string;
  let h: EngineHarness;
  let engine: RunningEngine;
  let browser: Browser;
  let page: Page;
  const scriptErrors: string[] = [];
  const requestedUrls: string[] = [];

  beforeAll(async () => {
    studioDir = mkdtempSync(join(tmpdir(), 'heed-studio-firefox-'));
    await buildStudio(studioDir, { minify: false });
    h = await EngineHarness.start();
    const config = loadConfig(EngineConfig, {
      HEED_ENGINE_PORT: '0',
      HEED_API_KEYS: API_KEY,
      HEED_ENGINE_GROUP: h.group,
      HEED_ENGINE_READ_MODEL: ':memory:',
      HEED_DATA_DIR: h.dataDir,
    });
    engine = await startEngine(config, { client: h.client, kind: customerKind(), logger: false, studioDir });
    h.engines.push(engine);
    browser = await launchFirefox({ width: 1440, height: 960 });
    page = await browser.newPage();
    page.on('pageerror', (error) => scriptErrors.push(error instanceof Error ? error.message : String(error)));
    page.on('request', (request) => requestedUrls.push(request.url()));
  });

  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    rmSync(studioDir, { recursive: true, force: true });
  });

  // Values are read with expressions (this project's TypeScript has no DOM types; evaluating one is
  // not subject to the page's Content-Security-Policy), waits with whole functions (`waitInPage`).
  /** The value of an expression evaluated in the page. */
  const inPage = async <T>(expression: string): Promise<T> => (await page.evaluate(expression)) as T;
  /** Waits until the text of an element the selector matches matches the pattern, in the page. */
  const textMatches = (selector: string, pattern: RegExp, timeout = 10_000) =>
    waitInPage(
      page,
      (sel: string, source: string) =>
        Array.from(
          (
            globalThis as unknown as {
              document: { querySelectorAll(s: string): ArrayLike<{ readonly textContent: string | null }> };
            }
          ).document.querySelectorAll(sel),
        ).some((n) => new RegExp(source).test((n.textContent ?? '').trim())),
      [selector, pattern.source],
      timeout,
    );

  it('refuses a bad key with a visible message', async () => {
    await page.goto(`${engine.url}/#/machine`);
    await page.type('#api-key', 'not-a-key-of-this-engine');
    await page.click('form button[type="submit"]');
    await textMatches('[role="alert"]', /The engine refused this key/);
  });

  it('signs in and draws every state of the running machine, with its version', async () => {
    await page.evaluate(`document.querySelector('#api-key').value = ''`);
    await page.type('#api-key', API_KEY);
    await page.click('form button[type="submit"]');
    await waitForSelectorInPage(page, stateSelector(SUSPICIOUS));

    const machine = (await (
      await fetch(`${engine.url}/v1/machine`, { headers: { authorization: `Bearer ${API_KEY}` } })
    ).json()) as MachineView;
    const expected: Array<{ id: string; key: string }> = [];
    const walk = (node: StateNodeView) => {
      expected.push({ id: node.id, key: node.key });
      node.children.forEach(walk);
    };
    walk(machine.root);
    expect(expected.length).toBeGreaterThan(10);
    const drawn = await inPage<Array<{ id: string; key: string; width: number }>>(
      `[...document.querySelectorAll('.statechart [data-state]')].map((n) => ({
        id: n.getAttribute('data-state'),
        key: n.querySelector('.state-name')?.textContent.trim() ?? '',
        width: n.getBoundingClientRect().width,
      }))`,
    );
    for (const { id, key } of expected) {
      const node = drawn.find((d) => d.id === id);
      expect({ id, key: node?.key, laidOut: (node?.width ?? 0) > 0 }).toEqual({ id, key, laidOut: true });
    }
    await textMatches('.machine-version', new RegExp(`version ${machine.version}`));
    expect(requestedUrls.filter((url) => url.includes(API_KEY))).toEqual([]);
  });

  const customer = newCustomer('studio-firefox');

  it('moves the count of a state live when a customer enters it', async () => {
    const count = `${stateSelector(SUSPICIOUS)} .state-count`;
    await textMatches(count, /^\d+$/);
    const before = Number(await inPage<string>(`document.querySelector(${JSON.stringify(count)}).textContent`));
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
    await textMatches(count, new RegExp(`^${before + 1}$`), 2_000);
  });

  it("opens the customer's timeline with the cause of the transition", async () => {
    await page.type('input[placeholder="Customer id or anonymous id"]', customer);
    await page.click('form:has(input[placeholder="Customer id or anonymous id"]) button[type="submit"]');
    await textMatches('.timeline-item', /fraud: clear → suspicious/);
    const cause = await inPage<string[]>(
      `[...document.querySelectorAll('.timeline-item button')].map((b) => b.getAttribute('aria-label') ?? b.textContent)`,
    );
    expect(cause.some((label) => /caused by CardTransactionAuthorized \(input #3\)/.test(label))).toBe(true);
    await waitForSelectorInPage(page, `${stateSelector(SUSPICIOUS)}.is-active`);
  });

  it('travels to an earlier point through a deep link and highlights the earlier state', async () => {
    await page.goto(`${engine.url}/#/customer/${encodeURIComponent(customer)}@2`);
    await textMatches('[role="status"]', /As of input #2/);
    await waitForSelectorInPage(page, `${stateSelector(CLEAR)}.is-active`);
    expect(await page.$(`${stateSelector(SUSPICIOUS)}.is-active`)).toBeNull();
  });

  it('ran every view without a script error', () => {
    expect(scriptErrors).toEqual([]);
  });
});
