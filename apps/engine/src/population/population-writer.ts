import type { Position } from '@eventstore/db-client';
import type Database from 'better-sqlite3';
import type { PopulationChange } from './population-change';
import { causeEventName } from './population-change';
import { regionTransitions } from './region-transitions';
import type { StateDictionary } from './state-dictionary';
import { stateValueIds } from './state-value-ids';
import { hourOf, minuteOf, TRANSITIONS_KEPT_MS } from './time-buckets';
import type { StateValue } from 'xstate';

/** What was read from `$all` since the last commit, committed together with the checkpoint. */
export interface ProjectedBatch {
  /** The state changes, in `$all` order. */
  readonly changes: readonly PopulationChange[];
  /** The `$all` position read up to: the last change's, or a later checkpoint of the store's. */
  readonly checkpoint: Position;
  /** Set on the batch that holds the first event ever projected: see `originOf`. */
  readonly origin?: string;
}

interface CustomerRow {
  readonly id: number;
  readonly entered: string;
  readonly scores: string;
}

/** Sums per key, kept in memory over a batch and written once. */
class Tally<K> extends Map<K, number> {
  add(key: K, by: number): void {
    this.set(key, (this.get(key) ?? 0) + by);
  }
}

/** The count changes of a batch: per state, per hour and state, and region moves per minute. */
interface BatchTallies {
  readonly counts: Tally<number>;
  readonly hourly: Map<number, Tally<number>>;
  /** Keyed by `minute from to event`, the tuple kept alongside. */
  readonly moves: Map<string, { minute: number; from: number; to: number; event: string; count: number }>;
}

/**
 * One customer over a batch: their row as committed before it, and where their changes in the
 * batch took them. A customer changing several times in a batch (a burst of signals, or their
 * outputs read together while catching up) is read once and written once.
 */
interface CustomerFold {
  readonly row: CustomerRow | undefined;
  /** Each active state's entry time before the batch (the `members` rows the customer has). */
  readonly before: ReadonlyMap<number, number>;
  /** Each active state's entry time after the changes folded so far. */
  entered: Map<number, number>;
  value: string;
  at: number;
  /** The latest non-empty scores of the batch, as JSON; undefined while none. */
  scores: string | undefined;
}

/** Most distinct state values (and pairs of them) whose state numbers are remembered. */
const MEMO_MAX = 10_000;

/**
 * Folds batches of state changes into the read model. A customer's membership is decided by their
 * previous row, not by the event's `from`: the counts stay exact whatever machine wrote the change.
 * A batch is one transaction with its checkpoint, so a restart resumes after the last commit and
 * never counts a change twice.
 *
 * Within a batch the changes are folded in memory, customer by customer and in stream order; then
 * each customer touched is written once (their row, and the `members` rows that differ from
 * before the batch), and the count changes once per state, hour and minute.
 */
export class PopulationWriter {
  private readonly statements;
  // A population is in few distinct state values: their numbers are worked out once.
  private readonly statesMemo = new Map<string, readonly number[]>();
  private readonly movesMemo = new Map<string, ReadonlyArray<readonly [number, number]>>();

  constructor(
    private readonly db: Database.Database,
    private readonly states: StateDictionary,
    private readonly machineId: string,
  ) {
    this.statements = {
      customer: db.prepare<[string], CustomerRow>('SELECT id, entered, scores FROM customers WHERE customer_id = ?'),
      insertCustomer: db.prepare<[string, string, string, number, string]>(
        'INSERT INTO customers (customer_id, value, entered, at, scores) VALUES (?, ?, ?, ?, ?)',
      ),
      updateCustomer: db.prepare<[string, string, number, string, number]>(
        'UPDATE customers SET value = ?, entered = ?, at = ?, scores = ? WHERE id = ?',
      ),
      join: db.prepare<[number, number, number]>('INSERT INTO members (state, since, customer) VALUES (?, ?, ?)'),
      leave: db.prepare<[number, number, number]>('DELETE FROM members WHERE state = ? AND since = ? AND customer = ?'),
      count: db.prepare<[number, number]>(
        'INSERT INTO counts (state, customers) VALUES (?, ?) ON CONFLICT (state) DO UPDATE SET customers = customers + excluded.customers',
      ),
      hourly: db.prepare<[number, number, number]>(
        'INSERT INTO hourly_deltas (hour, state, delta) VALUES (?, ?, ?) ON CONFLICT (hour, state) DO UPDATE SET delta = delta + excluded.delta',
      ),
      transition: db.prepare<[number, number, number, string, number]>(
        'INSERT INTO transitions_by_minute (minute, from_state, to_state, event, count) VALUES (?, ?, ?, ?, ?) ' +
          'ON CONFLICT (minute, from_state, to_state, event) DO UPDATE SET count = count + excluded.count',
      ),
      dropTransitionsBefore: db.prepare<[number]>('DELETE FROM transitions_by_minute WHERE minute < ?'),
      progress: db.prepare<[], { as_of: number | null }>('SELECT as_of FROM progress WHERE id = 1'),
      advance: db.prepare<[bigint, bigint, string | null, number | null, number]>(
        'UPDATE progress SET checkpoint_commit = ?, checkpoint_prepare = ?, origin = COALESCE(origin, ?), as_of = ?, ' +
          'customers = customers + ? WHERE id = 1',
      ),
    };
  }

  /** Folds a batch in one transaction, with its checkpoint. */
  apply(batch: ProjectedBatch): void {
    try {
      this.db.transaction(() => this.fold(batch))();
    } catch (error) {
      // Numbers given to new state names inside the transaction were rolled back with it.
      this.states.reload();
      this.statesMemo.clear();
      this.movesMemo.clear();
      throw error;
    }
  }

  private fold(batch: ProjectedBatch): void {
    const tallies: BatchTallies = { counts: new Tally(), hourly: new Map(), moves: new Map() };
    const customers = new Map<string, CustomerFold>();
    let asOf = this.statements.progress.get()?.as_of ?? null;
    for (const change of batch.changes) {
      const value = JSON.stringify(change.to);
      let customer = customers.get(change.customerId);
      if (customer === undefined) customers.set(change.customerId, (customer = this.customerFold(change.customerId)));
      this.foldChange(customer, change, value, tallies);
      // A re-derivation or a correction moves the customer, but no arrow of the chart was taken.
      if (change.from !== null && change.transition) this.countMoves(change, change.from, value, tallies.moves);
      asOf = asOf === null ? change.atMs : Math.max(asOf, change.atMs);
    }
    let newCustomers = 0;
    const members: MemberMoves = { left: [], joined: [] };
    for (const [customerId, customer] of customers) {
      this.writeCustomer(customerId, customer, members);
      if (customer.row === undefined) newCustomers++;
    }
    // In key order: consecutive statements find their rows on the pages the previous one left hot.
    members.left.sort(byMemberKey);
    members.joined.sort(byMemberKey);
    for (const [state, since, id] of members.left) this.statements.leave.run(state, since, id);
    for (const [state, since, id] of members.joined) this.statements.join.run(state, since, id);
    for (const [state, by] of tallies.counts) if (by !== 0) this.statements.count.run(state, by);
    for (const [hour, states] of tallies.hourly) {
      for (const [state, by] of states) if (by !== 0) this.statements.hourly.run(hour, state, by);
    }
    for (const { minute, from, to, event, count } of tallies.moves.values()) {
      this.statements.transition.run(minute, from, to, event, count);
    }
    if (asOf !== null) this.statements.dropTransitionsBefore.run(minuteOf(asOf - TRANSITIONS_KEPT_MS) - 1);
    const { commit, prepare } = batch.checkpoint;
    this.statements.advance.run(commit, prepare, batch.origin ?? null, asOf, newCustomers);
  }

  /** A customer as the read model has them before the batch (nowhere, if it has not seen them). */
  private customerFold(customerId: string): CustomerFold {
    const row = this.statements.customer.get(customerId);
    const before = new Map<number, number>(row === undefined ? [] : (JSON.parse(row.entered) as [number, number][]));
    return { row, before, entered: before, value: '', at: 0, scores: undefined };
  }

  /** Moves a customer to their new state in memory, counting the states they left and entered. */
  private foldChange(customer: CustomerFold, change: PopulationChange, value: string, tallies: BatchTallies): void {
    const previous = customer.entered;
    const entered = new Map<number, number>();
    const hour = hourOf(change.atMs);
    let hourly = tallies.hourly.get(hour);
    if (hourly === undefined) tallies.hourly.set(hour, (hourly = new Tally()));
    for (const state of this.statesOf(change.to, value)) {
      const since = previous.get(state);
      entered.set(state, since ?? change.atMs);
      if (since === undefined) {
        tallies.counts.add(state, 1);
        hourly.add(state, 1);
      }
    }
    for (const state of previous.keys()) {
      if (entered.has(state)) continue;
      tallies.counts.add(state, -1);
      hourly.add(state, -1);
    }
    customer.entered = entered;
    customer.value = value;
    customer.at = change.atMs;
    if (Object.keys(change.scores).length > 0) customer.scores = JSON.stringify(change.scores);
  }

  /** Writes a customer's row once, and the `members` rows that differ from before the batch. */
  private writeCustomer(customerId: string, customer: CustomerFold, members: MemberMoves): void {
    const { row, before, entered } = customer;
    const enteredJson = JSON.stringify([...entered]);
    const scores = customer.scores ?? row?.scores ?? '{}';
    let id: number;
    if (row === undefined) {
      id = Number(
        this.statements.insertCustomer.run(customerId, customer.value, enteredJson, customer.at, scores)
          .lastInsertRowid,
      );
    } else {
      id = row.id;
      this.statements.updateCustomer.run(customer.value, enteredJson, customer.at, scores, id);
      for (const [state, since] of before) {
        if (entered.get(state) !== since) members.left.push([state, since, id]);
      }
    }
    for (const [state, since] of entered) {
      if (before.get(state) !== since) members.joined.push([state, since, id]);
    }
  }

  private countMoves(change: PopulationChange, from: StateValue, value: string, moves: BatchTallies['moves']): void {
    const minute = minuteOf(change.atMs);
    const event = causeEventName(change.cause);
    for (const [left, entered] of this.movesOf(from, change.to, value)) {
      const key = `${minute} ${left} ${entered} ${event}`;
      const counted = moves.get(key);
      if (counted === undefined) moves.set(key, { minute, from: left, to: entered, event, count: 1 });
      else counted.count++;
    }
  }

  private statesOf(to: StateValue, value: string): readonly number[] {
    return memo(this.statesMemo, value, () =>
      stateValueIds(to, this.machineId).map((name) => this.states.numberOf(name)),
    );
  }

  private movesOf(from: StateValue, to: StateValue, value: string): ReadonlyArray<readonly [number, number]> {
    return memo(this.movesMemo, `${JSON.stringify(from)} ${value}`, () =>
      regionTransitions(from, to, this.machineId).map(
        (move) => [this.states.numberOf(move.from), this.states.numberOf(move.to)] as const,
      ),
    );
  }
}

/** A `members` row. */
type MemberRow = readonly [state: number, since: number, customer: number];
/** The `members` rows a batch deletes and inserts. */
interface MemberMoves {
  readonly left: MemberRow[];
  readonly joined: MemberRow[];
}
/** The order of the `members` key: by state, the latest entry first. */
const byMemberKey = (a: MemberRow, b: MemberRow): number => a[0] - b[0] || b[1] - a[1] || b[2] - a[2];

function memo<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  const known = cache.get(key);
  if (known !== undefined) return known;
  if (cache.size >= MEMO_MAX) cache.clear();
  const value = compute();
  cache.set(key, value);
  return value;
}
