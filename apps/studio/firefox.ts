import { existsSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Debian's Firefox ESR (`apt-get install -y firefox-esr`; .ci/run installs it). Nothing downloads a browser. */
export const FIREFOX_PATH = '/usr/bin/firefox-esr';

/**
 * Starts headless Firefox for Studio's browser tests, driven over WebDriver BiDi (which a stock
 * Firefox speaks; Playwright needs a patched one), or says how to install it. The window has the
 * size given: puppeteer's viewport emulation sends a BiDi command (`emulation.setScreenOrientationOverride`)
 * that Firefox ESR 140 does not know, so pages are never given a viewport (`page.setViewport`).
 */
export async function launchFirefox(size: Readonly<{ width: number; height: number }>): Promise<Browser> {
  if (!existsSync(FIREFOX_PATH)) {
    throw new Error(
      `Heed Studio's Firefox tests need Firefox at ${FIREFOX_PATH}, which is missing: install Debian's package (apt-get install -y firefox-esr), as .ci/run does`,
    );
  }
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    defaultViewport: null,
    args: [`--width=${size.width}`, `--height=${size.height}`],
    // No update checks, telemetry or first-run pages: the tests reach the engine only.
    extraPrefsFirefox: {
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'network.captive-portal-service.enabled': false,
    },
  });
}

/**
 * Waits until `predicate(...args)` holds in the page, asking it again every 25 ms until the timeout.
 * Puppeteer's own waits (`waitForFunction`, `waitForSelector`) build their poller in the page with
 * `new Function`, which Studio's Content-Security-Policy forbids and Firefox ESR 140 enforces for
 * them; `page.evaluate` of a function is not affected. The predicate must be whole (its source is
 * all the page gets).
 */
export async function waitInPage<A extends unknown[]>(
  page: Page,
  predicate: (...args: A) => boolean,
  args: A,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(predicate as (...values: unknown[]) => boolean, ...args)) return;
    if (performance.now() > deadline)
      throw new Error(`Waiting failed: ${timeoutMs} ms exceeded (${predicate.toString().slice(0, 120)})`);
    await delay(25);
  }
}

/** `waitInPage` for an element the selector matches. */
export const waitForSelectorInPage = (page: Page, selector: string, timeoutMs?: number): Promise<void> =>
  waitInPage(
    page,
    (s: string) =>
      (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(s) !== null,
    [selector],
    timeoutMs,
  );
