import { ReportError, readWhatIfReport } from './whatif-report';

/** The smallest report `npm run whatif -- --format json` writes: no customer decided differently. */
const report = (overrides: Record<string, unknown> = {}) => ({
  format: 'heed-whatif/1',
  change: {
    source: 'at-risk.json',
    current: { machine: 'lifecycle', version: '9' },
    changed: { machine: 'lifecycle', version: '9 + at-risk.json' },
    settings: [{ setting: 'atRiskScore', current: 62, changed: 15 }],
  },
  window: { from: null, to: '2026-03-15T00:00:00.000Z', toFrom: 'option', inputsAfterTo: 'folded' },
  selection: { customers: 'all', available: 2, sample: null, seed: null, missing: [] },
  summary: {
    customers: 2,
    inputs: 40,
    decisionsDiffer: 0,
    finalStateDiffers: 0,
    differingCustomers: [],
    flags: [],
    commands: [],
    examples: [],
  },
  quality: null,
  run: { workers: 0, seconds: 0.1, inputsPerSecond: 400 },
  ...overrides,
});

const problemOf = (text: string): { field: string; message: string } => {
  try {
    readWhatIfReport(text);
  } catch (error) {
    if (error instanceof ReportError) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error('the report was accepted');
};

describe('reading a what-if report in Studio', () => {
  it('reads a heed-whatif/1 report as written', () => {
    const read = readWhatIfReport(JSON.stringify(report()));
    expect(read.change.settings).toEqual([{ setting: 'atRiskScore', current: 62, changed: 15 }]);
    expect(read.summary.customers).toBe(2);
    expect(read.quality).toBeNull();
  });

  it('refuses other files, naming the field at fault', () => {
    expect(problemOf('# What-if\n')).toMatchObject({ field: 'file' });
    expect(problemOf(JSON.stringify({ format: 'heed-quality/1' }))).toEqual({
      field: 'format',
      message: 'format: expected "heed-whatif/1", got "heed-quality/1"',
    });
    expect(problemOf(JSON.stringify(report({ summary: { ...report().summary, customers: '2' } })))).toMatchObject({
      field: 'summary.customers',
    });
    expect(
      problemOf(JSON.stringify(report({ summary: { ...report().summary, examples: [{ kind: 'earlier' }] } }))),
    ).toMatchObject({ field: 'summary.examples[0].customerId' });
  });
});
