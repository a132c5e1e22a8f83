import { reachOf, type CustomerRecord, type Reach, type RecordedCommand } from './customer-record';
import { difference, wilson, type Proportion } from './proportion-interval';
import { recoveryRules, type RecoveryRule } from './recovery-rules';

/** How a group of commands of one type fared. */
export interface GroupOutcome {
  /** Commands counted: one per customer, their first of the type (see `attributeOutcomes`). */
  readonly commands: number;
  readonly recovered: number;
  readonly lost: number;
  /** Share recovered within the window, with its 95 % interval. */
  readonly recovery: Proportion;
  /** Median hours from the command to the recovery, among those who recovered; null when none did. */
  readonly medianHoursToRecover: number | null;
}

/** Outcomes of one command type: the customers it reached against those it did not (the control). */
export interface CommandOutcome {
  readonly type: string;
  readonly recoveredMeans: string;
  readonly lostMeans: string | undefined;
  /** Delivered to a destination. */
  readonly reached: GroupOutcome;
  /** Held out, parked, or no destination takes the type: same state, no command reached them. */
  readonly control: GroupOutcome;
  /** The control group by why no command reached it. */
  readonly controlBy: Readonly<Record<Exclude<Reach, 'delivered' | 'retrying'>, number>>;
  /** Reached minus control, in share recovered, with its 95 % interval; null without both groups. */
  readonly lift: Proportion | null;
  /** Left out: the window is not over by the horizon, or a delivery is still being retried. */
  readonly tooRecent: number;
  readonly retrying: number;
  /** Left out: later commands of the type to a customer already counted. */
  readonly repeats: number;
}

export interface OutcomeReport {
  readonly windowDays: number;
  /** The latest customer clock in the store: a command counts once its window ends by then. */
  readonly horizon: string | null;
  readonly customers: number;
  readonly rows: readonly CommandOutcome[];
  /** Commands of types with no recovery rule, by type. */
  readonly notAttributed: Readonly<Record<string, number>>;
}

interface Tally {
  commands: number;
  recovered: number;
  lost: number;
  hours: number[];
}

const emptyTally = (): Tally => ({ commands: 0, recovered: 0, lost: 0, hours: [] });

const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const groupOf = (t: Tally): GroupOutcome => ({
  commands: t.commands,
  recovered: t.recovered,
  lost: t.lost,
  recovery: wilson(t.recovered, t.commands),
  medianHoursToRecover: median(t.hours),
});

/** The first ending after a command, within the window: which, and how many hours after it. */
function endingAfter(
  record: CustomerRecord,
  command: RecordedCommand,
  rule: RecoveryRule,
  windowMs: number,
): { ending: 'recovered' | 'lost'; hours: number } | undefined {
  const start = Date.parse(command.requestedAt);
  for (const change of record.changes) {
    if (change.revision <= command.revision) continue;
    const elapsed = Date.parse(change.at) - start;
    if (elapsed > windowMs) return undefined;
    const ending = rule.ending(change);
    if (ending !== undefined) return { ending, hours: elapsed / 3_600_000 };
  }
  return undefined;
}

/**
 * Attributes outcomes to commands. For each command of a type with a recovery rule: did the
 * customer recover (or end otherwise) within `windowDays` of it, and how fast, split by whether
 * the command reached a destination. The control group is the customers in the same state, given
 * the same command, whom it did not reach: held out by the destination, parked, or routed nowhere.
 * Commands whose window is not over by the horizon (the latest customer clock seen) are left out,
 * recovered or not, so that both groups are judged over the same time.
 *
 * Each customer counts once per command type, with their first command counted: the holdout draws
 * customers, not commands, and a customer's commands are not independent of each other (a shopper
 * who abandons ten carts is one habit, not ten trials). Counting every command made the intervals
 * too narrow and let a few prolific customers decide a group's rate.
 */
export function attributeOutcomes(records: readonly CustomerRecord[], windowDays = 14): OutcomeReport {
  const windowMs = windowDays * 86_400_000;
  let horizonMs = Number.NEGATIVE_INFINITY;
  for (const r of records) {
    for (const c of r.changes) horizonMs = Math.max(horizonMs, Date.parse(c.at));
    for (const c of r.commands) horizonMs = Math.max(horizonMs, Date.parse(c.requestedAt));
  }
  const byType = new Map<
    string,
    {
      reached: Tally;
      control: Tally;
      controlBy: Record<string, number>;
      tooRecent: number;
      retrying: number;
      repeats: number;
      counted: Set<string>;
    }
  >();
  const notAttributed: Record<string, number> = {};
  for (const record of records) {
    for (const command of record.commands) {
      const rule = recoveryRules[command.type];
      if (rule === undefined) {
        notAttributed[command.type] = (notAttributed[command.type] ?? 0) + 1;
        continue;
      }
      let row = byType.get(command.type);
      if (row === undefined)
        byType.set(
          command.type,
          (row = {
            reached: emptyTally(),
            control: emptyTally(),
            controlBy: { 'held-out': 0, parked: 0, 'no-destination': 0 },
            tooRecent: 0,
            retrying: 0,
            repeats: 0,
            counted: new Set(),
          }),
        );
      const reach = reachOf(record.deliveries.get(command.id));
      if (reach === 'retrying') {
        row.retrying++;
        continue;
      }
      if (Date.parse(command.requestedAt) + windowMs > horizonMs) {
        row.tooRecent++;
        continue;
      }
      if (row.counted.has(record.customerId)) {
        row.repeats++;
        continue;
      }
      row.counted.add(record.customerId);
      const tally = reach === 'delivered' ? row.reached : row.control;
      if (reach !== 'delivered') row.controlBy[reach] = (row.controlBy[reach] ?? 0) + 1;
      tally.commands++;
      const ending = endingAfter(record, command, rule, windowMs);
      if (ending?.ending === 'recovered') {
        tally.recovered++;
        tally.hours.push(ending.hours);
      } else if (ending?.ending === 'lost') tally.lost++;
    }
  }
  const rows = [...byType]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, row]): CommandOutcome => {
      const rule = recoveryRules[type]!;
      const reached = groupOf(row.reached);
      const control = groupOf(row.control);
      return {
        type,
        recoveredMeans: rule.recovered,
        lostMeans: rule.lost,
        reached,
        control,
        controlBy: row.controlBy as CommandOutcome['controlBy'],
        lift: reached.commands > 0 && control.commands > 0 ? difference(reached.recovery, control.recovery) : null,
        tooRecent: row.tooRecent,
        retrying: row.retrying,
        repeats: row.repeats,
      };
    });
  return {
    windowDays,
    horizon: Number.isFinite(horizonMs) ? new Date(horizonMs).toISOString() : null,
    customers: records.length,
    rows,
    notAttributed,
  };
}
