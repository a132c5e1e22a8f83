import type { CustomerComparison, Divergence } from './compare-histories';
import { sameDecisions, type Decision } from './decision';

/** How many moved one way (customers for a flag, commands for a command type), and the median of how far (hours). */
export type Shift = Readonly<{ count: number; medianHours: number | null }>;

/** One flag under both machines. */
export type FlagChange = Readonly<{
  flag: string;
  /** Customers who raised it at least once. */
  customers: Readonly<{ current: number; changed: number }>;
  /** Times it was raised, over all customers. */
  raised: Readonly<{ current: number; changed: number }>;
  /** Customers who raise it only under the changed machine … */
  gained: number;
  /** … and only under the current one. */
  lost: number;
  /** Customers who raise it under both: the first time earlier, later, or at the same instant. */
  earlier: Shift;
  later: Shift;
  same: number;
}>;

/** One command type under both machines. */
export type CommandChange = Readonly<{
  type: string;
  count: Readonly<{ current: number; changed: number }>;
  /** Commands only the changed machine asks for … */
  added: number;
  /** … and only the current one. */
  removed: number;
  customersAdded: number;
  customersRemoved: number;
  /** Commands both ask for (paired per customer), asked earlier, later or at the same instant. */
  earlier: Shift;
  later: Shift;
  same: number;
}>;

/** The kinds of change an example shows. */
export const exampleKinds = [
  'flag-gained',
  'flag-lost',
  'command-added',
  'command-removed',
  'earlier',
  'later',
] as const;
export type ExampleKind = (typeof exampleKinds)[number];

/** A customer that shows a kind of change, with the first input on which the machines decided differently. */
export type Example = Readonly<{
  kind: ExampleKind;
  customerId: string;
  /** What changed, in a sentence. */
  what: string;
  firstDivergence: Divergence | null;
}>;

/** What a what-if found, over the customers it folded. */
export type ComparisonSummary = Readonly<{
  customers: number;
  inputs: number;
  /** Customers whose decisions (commands, flags, or their instants) differ. */
  decisionsDiffer: number;
  /** Customers whose state at the horizon differs (decisions may still be the same). */
  finalStateDiffers: number;
  differingCustomers: readonly string[];
  flags: readonly FlagChange[];
  commands: readonly CommandChange[];
  examples: readonly Example[];
}>;

const HOUR = 3_600_000;

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  values.sort((x, y) => x - y);
  const mid = Math.floor(values.length / 2);
  const m = values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
  return Math.round((m / HOUR) * 100) / 100;
};

const groupBy = (decisions: readonly Decision[], kind: Decision['kind']): Map<string, Decision[]> => {
  const groups = new Map<string, Decision[]>();
  for (const d of decisions) {
    if (d.kind !== kind) continue;
    const list = groups.get(d.name);
    if (list === undefined) groups.set(d.name, [d]);
    else list.push(d);
  }
  return groups;
};

/**
 * Pairs one customer's commands of one type under both machines: the same command at the same
 * instant first (same detail), then the rest in order. What is left unpaired was added or removed.
 */
function pairCommands(
  a: readonly Decision[],
  b: readonly Decision[],
): { same: number; shifts: number[]; added: Decision[]; removed: Decision[] } {
  const keyOf = (d: Decision) => `${d.at}|${d.detail ?? ''}`;
  const unmatchedB = new Map<string, number>();
  for (const d of b) unmatchedB.set(keyOf(d), (unmatchedB.get(keyOf(d)) ?? 0) + 1);
  const restA: Decision[] = [];
  let same = 0;
  for (const d of a) {
    const left = unmatchedB.get(keyOf(d)) ?? 0;
    if (left > 0) {
      unmatchedB.set(keyOf(d), left - 1);
      same++;
    } else restA.push(d);
  }
  const restB: Decision[] = [];
  for (const d of b) {
    const left = unmatchedB.get(keyOf(d)) ?? 0;
    if (left > 0) {
      unmatchedB.set(keyOf(d), left - 1);
      restB.push(d);
    }
  }
  const paired = Math.min(restA.length, restB.length);
  const shifts: number[] = [];
  for (let i = 0; i < paired; i++) shifts.push(Date.parse(restB[i]!.at) - Date.parse(restA[i]!.at));
  return { same, shifts, added: restB.slice(paired), removed: restA.slice(paired) };
}

const hours = (ms: number): string => {
  const h = Math.abs(ms) / HOUR;
  if (h < 1) return `${Math.round(h * 60)} minutes`;
  return h >= 48 ? `${(h / 24).toFixed(1)} days` : `${h.toFixed(1)} hours`;
};

/**
 * Sums up the comparisons of a what-if. The result depends only on the comparisons and their
 * keys, never on the order they arrive in: they are taken in key order, so one thread and a pool
 * of workers give the same summary. `examplesPerKind` customers (the first by key) are kept for
 * each kind of change.
 */
export function summarizeComparisons(
  comparisons: Iterable<CustomerComparison>,
  examplesPerKind = 3,
): ComparisonSummary {
  const sorted = [...comparisons].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  type FlagTally = {
    customers: [number, number];
    raised: [number, number];
    gained: number;
    lost: number;
    earlier: number[];
    later: number[];
    same: number;
  };
  type CommandTally = {
    count: [number, number];
    added: number;
    removed: number;
    customersAdded: number;
    customersRemoved: number;
    earlier: number[];
    later: number[];
    same: number;
  };
  const flags = new Map<string, FlagTally>();
  const commands = new Map<string, CommandTally>();
  const examples = new Map<ExampleKind, Example[]>(exampleKinds.map((kind) => [kind, []]));
  const differing: string[] = [];
  let inputs = 0;
  let finalStateDiffers = 0;

  const example = (kind: ExampleKind, c: CustomerComparison, what: string): void => {
    const list = examples.get(kind)!;
    if (list.length < examplesPerKind && !list.some((e) => e.customerId === c.key))
      list.push({ kind, customerId: c.key, what, firstDivergence: c.divergence });
  };

  for (const c of sorted) {
    inputs += c.inputs;
    if (c.finalState !== null) finalStateDiffers++;
    if (!sameDecisions(c.current, c.changed)) differing.push(c.key);

    const flagsA = groupBy(c.current, 'flag');
    const flagsB = groupBy(c.changed, 'flag');
    for (const name of new Set([...flagsA.keys(), ...flagsB.keys()])) {
      let t = flags.get(name);
      if (t === undefined)
        flags.set(
          name,
          (t = { customers: [0, 0], raised: [0, 0], gained: 0, lost: 0, earlier: [], later: [], same: 0 }),
        );
      const a = flagsA.get(name) ?? [];
      const b = flagsB.get(name) ?? [];
      t.raised[0] += a.length;
      t.raised[1] += b.length;
      if (a.length > 0) t.customers[0]++;
      if (b.length > 0) t.customers[1]++;
      if (a.length === 0) {
        t.gained++;
        example('flag-gained', c, `${name} raised at ${b[0]!.at} only under the changed machine`);
      } else if (b.length === 0) {
        t.lost++;
        example('flag-lost', c, `${name} raised at ${a[0]!.at} only under the current machine`);
      } else {
        const shift = Date.parse(b[0]!.at) - Date.parse(a[0]!.at);
        if (shift < 0) {
          t.earlier.push(-shift);
          example('earlier', c, `${name} first raised ${hours(shift)} earlier (${a[0]!.at} → ${b[0]!.at})`);
        } else if (shift > 0) {
          t.later.push(shift);
          example('later', c, `${name} first raised ${hours(shift)} later (${a[0]!.at} → ${b[0]!.at})`);
        } else t.same++;
      }
    }

    const commandsA = groupBy(c.current, 'command');
    const commandsB = groupBy(c.changed, 'command');
    for (const type of new Set([...commandsA.keys(), ...commandsB.keys()])) {
      let t = commands.get(type);
      if (t === undefined)
        commands.set(
          type,
          (t = {
            count: [0, 0],
            added: 0,
            removed: 0,
            customersAdded: 0,
            customersRemoved: 0,
            earlier: [],
            later: [],
            same: 0,
          }),
        );
      const a = commandsA.get(type) ?? [];
      const b = commandsB.get(type) ?? [];
      t.count[0] += a.length;
      t.count[1] += b.length;
      const paired = pairCommands(a, b);
      t.same += paired.same;
      if (paired.added.length > 0) {
        t.added += paired.added.length;
        t.customersAdded++;
        example('command-added', c, `${type} at ${paired.added[0]!.at} only under the changed machine`);
      }
      if (paired.removed.length > 0) {
        t.removed += paired.removed.length;
        t.customersRemoved++;
        example('command-removed', c, `${type} at ${paired.removed[0]!.at} only under the current machine`);
      }
      for (const shift of paired.shifts) {
        if (shift < 0) {
          t.earlier.push(-shift);
          example('earlier', c, `${type} asked ${hours(shift)} earlier`);
        } else if (shift > 0) {
          t.later.push(shift);
          example('later', c, `${type} asked ${hours(shift)} later`);
        } else t.same++;
      }
    }
  }

  const shiftOf = (values: number[]): Shift => ({ count: values.length, medianHours: median(values) });
  return {
    customers: sorted.length,
    inputs,
    decisionsDiffer: differing.length,
    finalStateDiffers,
    differingCustomers: differing,
    flags: [...flags.keys()].sort().map((flag) => {
      const t = flags.get(flag)!;
      return {
        flag,
        customers: { current: t.customers[0], changed: t.customers[1] },
        raised: { current: t.raised[0], changed: t.raised[1] },
        gained: t.gained,
        lost: t.lost,
        earlier: shiftOf(t.earlier),
        later: shiftOf(t.later),
        same: t.same,
      };
    }),
    commands: [...commands.keys()].sort().map((type) => {
      const t = commands.get(type)!;
      return {
        type,
        count: { current: t.count[0], changed: t.count[1] },
        added: t.added,
        removed: t.removed,
        customersAdded: t.customersAdded,
        customersRemoved: t.customersRemoved,
        earlier: shiftOf(t.earlier),
        later: shiftOf(t.later),
        same: t.same,
      };
    }),
    examples: exampleKinds.flatMap((kind) => examples.get(kind)!),
  };
}
