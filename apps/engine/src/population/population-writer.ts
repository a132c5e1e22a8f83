import type Database from 'better-sqlite3';
import { STATE_REDERIVED } from '@heed/actors';
import type { PopulationChange } from './population-change';
import { causeEventName } from './population-change';
import { regionTransitions } from './region-transitions';
import type { StateDictionary } from './state-dictionary';
import { stateValueIds } from './state-value-ids';
import { hourOf, minuteOf, TRANSITIONS_KEPT_MS } from './time-buckets';
import type { StateValue } from 'xstate';

/** Events read from `$ce-lifecycle` since the last commit, committed together with the checkpoint. */
export interface ProjectedBatch {
  /** The state changes among them, in stream order. */
  readonly changes: readonly PopulationChange[];
  /** Revision of the batch's last event (a state change or any other output). */
  readonly checkpoint: bigint;
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

/** Most distinct state values (and pairs of them) whose state numbers are remembered. */
const MEMO_MAX = 10_000;

/**
 * Folds batches of state changes into the read model. A customer's membership is decided by their
 * previous row, not by the event's `from`: the counts stay exact whatever machine wrote the change.
 * A batch is one transaction with its checkpoint, so a restart resumes after the last commit and
 * never counts a change twice.
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
      advance: db.prepare<[number, string | null, number | null, number]>(
        'UPDATE progress SET checkpoint = ?, origin = COALESCE(origin, ?), as_of = ?, customers = customers + ? WHERE id = 1',
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
    let asOf = this.statements.progress.get()?.as_of ?? null;
    let newCustomers = 0;
    for (const change of batch.changes) {
      const value = JSON.stringify(change.to);
      newCustomers += this.foldChange(change, value, tallies);
      // A re-derivation moves the customer, but no transition of the machine was taken.
      if (change.from !== null && change.cause.type !== STATE_REDERIVED)
        this.countMoves(change, change.from, value, tallies.moves);
      asOf = asOf === null ? change.atMs : Math.max(asOf, change.atMs);
    }
    for (const [state, by] of tallies.counts) if (by !== 0) this.statements.count.run(state, by);
    for (const [hour, states] of tallies.hourly) {
      for (const [state, by] of states) if (by !== 0) this.statements.hourly.run(hour, state, by);
    }
    for (const { minute, from, to, event, count } of tallies.moves.values()) {
      this.statements.transition.run(minute, from, to, event, count);
    }
    if (asOf !== null) this.statements.dropTransitionsBefore.run(minuteOf(asOf - TRANSITIONS_KEPT_MS) - 1);
    this.statements.advance.run(Number(batch.checkpoint), batch.origin ?? null, asOf, newCustomers);
  }

  /** Moves one customer to their new state; 1 when the read model had not seen them before. */
  private foldChange(change: PopulationChange, value: string, tallies: BatchTallies): number {
    const row = this.statements.customer.get(change.customerId);
    const previous = new Map<number, number>(row === undefined ? [] : (JSON.parse(row.entered) as [number, number][]));
    const entered: Array<[number, number]> = [];
    const joined: number[] = [];
    for (const state of this.statesOf(change.to, value)) {
      const since = previous.get(state);
      previous.delete(state);
      entered.push([state, since ?? change.atMs]);
      if (since === undefined) joined.push(state);
    }
    const scores = Object.keys(change.scores).length > 0 ? JSON.stringify(change.scores) : (row?.scores ?? '{}');
    const enteredJson = JSON.stringify(entered);
    const id =
      row?.id ??
      Number(
        this.statements.insertCustomer.run(change.customerId, value, enteredJson, change.atMs, scores).lastInsertRowid,
      );
    if (row !== undefined) this.statements.updateCustomer.run(value, enteredJson, change.atMs, scores, id);

    const hour = hourOf(change.atMs);
    let hourly = tallies.hourly.get(hour);
    if (hourly === undefined) tallies.hourly.set(hour, (hourly = new Tally()));
    // What is left of `previous` are the states the customer is no longer in.
    for (const [state, since] of previous) {
      this.statements.leave.run(state, since, id);
      tallies.counts.add(state, -1);
      hourly.add(state, -1);
    }
    for (const state of joined) {
      this.statements.join.run(state, change.atMs, id);
      tallies.counts.add(state, 1);
      hourly.add(state, 1);
    }
    return row === undefined ? 1 : 0;
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

function memo<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  const known = cache.get(key);
  if (known !== undefined) return known;
  if (cache.size >= MEMO_MAX) cache.clear();
  const value = compute();
  cache.set(key, value);
  return value;
}
