// A what-if report as `npm run whatif -- --format json` writes it (`heed-whatif/1`, the type
// `WhatIfReport` of libs/replay, documented in docs/whatif.md). Studio reads the parts it shows and
// checks them, so that a file of another kind is refused with the field at fault.

export type Shift = { readonly count: number; readonly medianHours: number | null };
type BothSides<T> = { readonly current: T; readonly changed: T };

export type FlagChange = {
  readonly flag: string;
  readonly customers: BothSides<number>;
  readonly raised: BothSides<number>;
  readonly gained: number;
  readonly lost: number;
  readonly earlier: Shift;
  readonly later: Shift;
  readonly same: number;
};

export type CommandChange = {
  readonly type: string;
  readonly count: BothSides<number>;
  readonly added: number;
  readonly removed: number;
  readonly customersAdded: number;
  readonly customersRemoved: number;
  readonly earlier: Shift;
  readonly later: Shift;
  readonly same: number;
};

export type Decision = {
  readonly kind: 'command' | 'flag';
  readonly name: string;
  readonly at: string;
  readonly detail?: string;
};

export type Example = {
  readonly kind: string;
  readonly customerId: string;
  readonly what: string;
  readonly firstDivergence: {
    readonly input: {
      readonly revision: number;
      readonly id: string;
      readonly type: string;
      readonly at: string | null;
    } | null;
    readonly current: readonly Decision[];
    readonly changed: readonly Decision[];
  } | null;
};

export type QualityFigure = {
  readonly name: string;
  readonly unit: 'ratio' | 'days' | 'count';
  readonly current: number | null;
  readonly changed: number | null;
};

export type WhatIfReport = {
  readonly format: 'heed-whatif/1';
  readonly change: {
    readonly source: string;
    readonly current: { readonly machine: string; readonly version: string };
    readonly changed: { readonly machine: string; readonly version: string };
    readonly settings: ReadonlyArray<{
      readonly setting: string;
      readonly current: unknown;
      readonly changed: unknown;
    }>;
  };
  readonly window: { readonly from: string | null; readonly to: string };
  readonly summary: {
    readonly customers: number;
    readonly inputs: number;
    readonly decisionsDiffer: number;
    readonly finalStateDiffers: number;
    readonly flags: readonly FlagChange[];
    readonly commands: readonly CommandChange[];
    readonly examples: readonly Example[];
  };
  readonly quality: {
    readonly truth: string;
    readonly customers: number;
    readonly figures: readonly QualityFigure[];
  } | null;
};

/** A file Studio cannot show as a what-if report, and the field at fault. */
export class ReportError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'ReportError';
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function need<T>(value: unknown, field: string, test: (v: unknown) => boolean, expected: string): T {
  if (!test(value)) throw new ReportError(field, `expected ${expected}`);
  return value as T;
}

const object = (value: unknown, field: string) => need<Record<string, unknown>>(value, field, isObject, 'an object');
const number = (value: unknown, field: string) =>
  need<number>(value, field, (v) => typeof v === 'number' && Number.isFinite(v), 'a number');
const string = (value: unknown, field: string) => need<string>(value, field, (v) => typeof v === 'string', 'a string');
const array = (value: unknown, field: string) => need<unknown[]>(value, field, Array.isArray, 'a list');

/**
 * Reads the text of a what-if report. Throws a `ReportError` naming the field when the text is not
 * JSON, not a `heed-whatif/1` report, or lacks what Studio shows.
 */
export function readWhatIfReport(text: string): WhatIfReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ReportError('file', 'not JSON; write the report with npm run whatif -- --format json --out <file>');
  }
  const report = object(parsed, 'report');
  if (report['format'] !== 'heed-whatif/1')
    throw new ReportError('format', `expected "heed-whatif/1", got ${JSON.stringify(report['format'] ?? null)}`);
  const change = object(report['change'], 'change');
  for (const side of ['current', 'changed'] as const) {
    const machine = object(change[side], `change.${side}`);
    string(machine['version'], `change.${side}.version`);
  }
  array(change['settings'], 'change.settings');
  string(object(report['window'], 'window')['to'], 'window.to');
  const summary = object(report['summary'], 'summary');
  for (const field of ['customers', 'inputs', 'decisionsDiffer', 'finalStateDiffers'] as const)
    number(summary[field], `summary.${field}`);
  array(summary['flags'], 'summary.flags').forEach((flag, i) =>
    string(object(flag, `summary.flags[${i}]`)['flag'], `summary.flags[${i}].flag`),
  );
  array(summary['commands'], 'summary.commands').forEach((command, i) =>
    string(object(command, `summary.commands[${i}]`)['type'], `summary.commands[${i}].type`),
  );
  array(summary['examples'], 'summary.examples').forEach((example, i) =>
    string(object(example, `summary.examples[${i}]`)['customerId'], `summary.examples[${i}].customerId`),
  );
  if (report['quality'] !== null && report['quality'] !== undefined)
    array(object(report['quality'], 'quality')['figures'], 'quality.figures');
  return { ...(report as unknown as WhatIfReport), quality: (report['quality'] as WhatIfReport['quality']) ?? null };
}

const STORAGE_KEY = 'heed-studio-whatif';

/** The report last opened in this tab (it stays when the page moves to a customer and back). */
export const reportStore = {
  read(): { name: string; report: WhatIfReport } | null {
    const saved = sessionStorage.getItem(STORAGE_KEY);
    if (saved === null) return null;
    try {
      const { name, text } = JSON.parse(saved) as { name: string; text: string };
      return { name, report: readWhatIfReport(text) };
    } catch {
      sessionStorage.removeItem(STORAGE_KEY);
      return null;
    }
  },
  save(name: string, text: string): void {
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ name, text }));
    } catch {
      // A report larger than the tab's storage is shown, not kept.
    }
  },
  forget(): void {
    sessionStorage.removeItem(STORAGE_KEY);
  },
};
