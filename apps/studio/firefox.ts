import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';

/** Debian's Firefox ESR (`apt-get install -y firefox-esr`; .ci/run installs it). Nothing downloads a browser. */
export const FIREFOX_PATH = '/usr/bin/firefox-esr';

/**
 * Starts headless Firefox for Studio's browser tests, driven over WebDriver BiDi (which a stock
 * Firefox speaks; Playwright needs a patched one), or says how to install it.
 */
export async function launchFirefox(): Promise<Browser> {
  if (!existsSync(FIREFOX_PATH)) {
    throw new Error(
      `Heed Studio's Firefox tests need Firefox at ${FIREFOX_PATH}, which is missing: install Debian's package (apt-get install -y firefox-esr), as .ci/run does`,
    );
  }
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
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
