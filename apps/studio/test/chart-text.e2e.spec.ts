import { loadConfig } from '@heed/config';
import type { ChartTextStyle, MachineLayout } from '@heed/statechart';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineConfig } from '../../engine/src/engine.config';
import { customerKind } from '../../engine/src/lifecycle/customer-kind';
import { chartTextMeasure } from '../../engine/src/machine/layout/chart-text';
import { startEngine, type RunningEngine } from '../../engine/src/start-engine';
import { API_KEY, EngineHarness } from '../../engine/test/engine-harness';
import { buildStudio } from '../build';
import { launchChromium } from '../chromium';
import { launchFirefox, waitInPage } from '../firefox';

// The engine lays the chart out with text widths it measures in the font Studio bundles: in both
// browser engines, each line of the chart must be drawn as wide as the engine measured it, or
// labels would overflow their boxes.
jest.setTimeout(180_000);

/** The style each class of the chart's text is drawn in (state-box.tsx, transition-arrow.tsx). */
const STYLE_OF_CLASS: Readonly<Record<string, ChartTextStyle>> = {
  'state-name': 'state',
  'state-count': 'count',
  'state-in-place': 'label',
  'transition-label': 'label',
  'transition-count': 'traffic',
};
/** The page's document, as much as the Chromium test reads (this project's TypeScript has no DOM types). */
type PageDocument = {
  querySelectorAll(s: string): ArrayLike<{
    readonly textContent: string | null;
    readonly parentElement: { getAttribute(name: string): string | null } | null;
    getComputedTextLength(): number;
  }>;
};

// Firefox is driven over WebDriver BiDi, whose evaluation the page's policy does not restrict.
// Page-side code as whole functions, not strings: the page's Content-Security-Policy forbids
// evaluating strings, and both drivers send a function's source alone to the page.
/** The chart is drawn and every count shown. */
const chartReady = (): boolean => {
  const counts = Array.from(
    (globalThis as unknown as { document: PageDocument }).document.querySelectorAll(
      '.statechart [data-state] .state-count',
    ),
  );
  return counts.length > 10 && counts.every((c) => /^[0-9]/.test((c.textContent ?? '').trim()));
};
/** Every line of the chart's text as drawn: its class, text and advance width (px). */
const drawnLines = () =>
  Array.from(
    (globalThis as unknown as { document: PageDocument }).document.querySelectorAll('.statechart text tspan'),
  ).map((t) => ({
    cls: t.parentElement?.getAttribute('class') ?? '',
    text: t.textContent ?? '',
    width: t.getComputedTextLength(),
  }));

type DrawnLine = { cls: string; text: string; width: number };

describe('the chart’s text in Chromium and Firefox', () => {
  let studioDir: string;
  let h: EngineHarness;
  let engine: RunningEngine;
  let layout: MachineLayout;
  const measure = chartTextMeasure();

  beforeAll(async () => {
    studioDir = mkdtempSync(join(tmpdir(), 'heed-studio-text-'));
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
    const response = await fetch(`${engine.url}/v1/machine/layout`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    expect(response.status).toBe(200);
    layout = (await response.json()) as MachineLayout;
  });

  afterAll(async () => {
    await h?.stop();
    rmSync(studioDir, { recursive: true, force: true });
  });

  /**
   * Each drawn line beside the engine's measure of it: the same to a quarter of a pixel, or, for a
   * line with a character the font lacks (`↺`, drawn in a fallback font), no wider. Every name and
   * arrow label must be there.
   */
  const compare = (drawn: readonly DrawnLine[]) => {
    const lines = drawn.filter((l) => STYLE_OF_CLASS[l.cls] !== undefined && l.text !== '');
    const labels = layout.arrows.flatMap((a) => a.label?.lines ?? []);
    expect(lines.filter((l) => l.cls === 'state-name')).toHaveLength(layout.states.length);
    expect(lines.filter((l) => l.cls === 'transition-label')).toHaveLength(labels.length);
    const measured = lines.map((l) => ({ ...l, measured: measure(l.text, STYLE_OF_CLASS[l.cls]!) }));
    const inFont = (text: string) => /^[\x20-\x7e]*$/.test(text);
    expect(measured.filter((l) => inFont(l.text)).length).toBeGreaterThan(100);
    expect(measured.filter((l) => inFont(l.text) && Math.abs(l.width - l.measured) > 0.25)).toEqual([]);
    expect(measured.filter((l) => l.width > l.measured + 0.25)).toEqual([]);
  };

  it('draws every line as wide as the engine measured it, in Chromium', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
      await page.addInitScript(`sessionStorage.setItem('heed.studio.apiKey', ${JSON.stringify(API_KEY)})`);
      await page.goto(`${engine.url}/#/machine`);
      await page.waitForFunction(chartReady, undefined, { timeout: 30_000 });
      compare(await page.evaluate(drawnLines));
    } finally {
      await browser.close();
    }
  });

  it('draws every line as wide as the engine measured it, in Firefox', async () => {
    const browser = await launchFirefox({ width: 1440, height: 960 });
    try {
      const page = await browser.newPage();
      await page.goto(`${engine.url}/#/machine`);
      await page.type('#api-key', API_KEY);
      await page.click('form button[type="submit"]');
      await waitInPage(page, chartReady, [], 30_000);
      compare(await page.evaluate(drawnLines));
    } finally {
      await browser.close();
    }
  });
});
