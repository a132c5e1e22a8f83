import { CHART_TEXT, chartTextMeasure } from './chart-text';

describe('measuring the chart’s text in the bundled Inter', () => {
  const measure = chartTextMeasure();

  it('gives every count of as many digits the same width in the count style (tabular digits)', () => {
    const widths = ['888,888', '111,111', '101,010', '999,999'].map((t) => measure(t, 'count'));
    expect(new Set(widths.map((w) => w.toFixed(6))).size).toBe(1);
    // Proportional digits in the label style: a 1 is narrower than an 8.
    expect(measure('111', 'label')).toBeLessThan(measure('888', 'label'));
  });

  it('kerns as the browsers do', () => {
    expect(measure('AV', 'state')).toBeLessThan(measure('A', 'state') + measure('V', 'state'));
  });

  it('grows with the size and weight of the style', () => {
    const text = 'SubscriptionRenewed';
    expect(measure(text, 'state')).toBeGreaterThan(measure(text, 'label'));
    expect(measure(text, 'traffic')).toBeGreaterThan(measure(text, 'label'));
  });

  it('measures Latin, Latin Extended and Greek from the subsets the page loads for them', () => {
    for (const text of ['Zürich', 'Łódź', 'Ωμέγα']) {
      const width = measure(text, 'state');
      expect(width).toBeGreaterThan(0);
      expect(width).toBeLessThan([...text].length * CHART_TEXT.state.fontSize);
    }
  });

  it('keeps 1.25 em for a character the font has not, which the browser draws in a fallback font', () => {
    expect(measure('↺', 'label')).toBe(1.25 * CHART_TEXT.label.fontSize);
    expect(measure('a漢b', 'label')).toBeCloseTo(measure('a', 'label') + 1.25 * 11 + measure('b', 'label'), 6);
  });
});
