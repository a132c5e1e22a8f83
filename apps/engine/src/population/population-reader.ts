import type { Position } from '@eventstore/db-client';
import type Database from 'better-sqlite3';
import type { PageCursor } from './page-cursor';
import type { StateDictionary } from './state-dictionary';
import { DAY_MS, HOUR_MS, hourOf, minuteOf, MINUTE_MS } from './time-buckets';

/** How far the read model has read, and what it has seen. */
export interface PopulationProgress {
  /** Position in `$all` read up to; undefined before any. */
  readonly checkpoint: Position | undefined;
  /** See `originOf`. */
  readonly origin: string | undefined;
  /** The newest change's time (customer time, ms); undefined before any. */
  readonly asOf: number | undefined;
  readonly customers: number;
}

export interface TransitionCount {
  readonly from: string;
  readonly to: string;
  readonly event: string;
  readonly count: number;
}

export interface CustomerInState {
  readonly customerId: string;
  /** When they entered the state (customer time, ms). */
  readonly since: number;
  readonly scores: Readonly<Record<string, number>>;
  readonly cursor: PageCursor;
}

/** Counts per state at the end of an hour (`at`, ms): states with no customer are left out. */
export interface HistoryPoint {
  readonly at: number;
  readonly states: ReadonlyMap<string, number>;
}

/** The read model's queries: each one an index range, never a scan of the customers. */
export class PopulationReader {
  private readonly statements;

  constructor(
    db: Database.Database,
    private readonly states: StateDictionary,
  ) {
    type Progress = {
      commit: bigint | null;
      prepare: bigint | null;
      origin: string | null;
      as_of: bigint | null;
      customers: bigint;
    };
    this.statements = {
      // Positions as BigInt: EventStoreDB's are 64-bit.
      progress: db
        .prepare<[], Progress>(
          'SELECT checkpoint_commit AS "commit", checkpoint_prepare AS prepare, origin, as_of, customers FROM progress WHERE id = 1',
        )
        .safeIntegers(true),
      counts: db.prepare<[], { state: number; customers: number }>(
        'SELECT state, customers FROM counts WHERE customers <> 0',
      ),
      count: db.prepare<[number], { customers: number }>('SELECT customers FROM counts WHERE state = ?'),
      page: db.prepare<
        [number, number, number, number],
        { since: number; customer: number; customer_id: string; scores: string }
      >(
        'SELECT m.since, m.customer, c.customer_id, c.scores FROM members m JOIN customers c ON c.id = m.customer ' +
          'WHERE m.state = ? AND (m.since, m.customer) < (?, ?) ORDER BY m.since DESC, m.customer DESC LIMIT ?',
      ),
      transitions: db.prepare<[number, number], { from_state: number; to_state: number; event: string; count: number }>(
        'SELECT from_state, to_state, event, SUM(count) AS count FROM transitions_by_minute ' +
          'WHERE minute BETWEEN ? AND ? GROUP BY from_state, to_state, event ORDER BY count DESC, event',
      ),
      customerIdsAfter: db.prepare<[string, number], { customer_id: string }>(
        'SELECT customer_id FROM customers WHERE customer_id > ? ORDER BY customer_id LIMIT ?',
      ),
      deltasAfter: db.prepare<[number], { hour: number; state: number; delta: number }>(
        'SELECT hour, state, delta FROM hourly_deltas WHERE hour > ? ORDER BY hour DESC',
      ),
    };
  }

  /** Up to `limit` customers known to the read model, in id order after `after` (`''` for the first). */
  customerIdsAfter(after: string, limit: number): string[] {
    return this.statements.customerIdsAfter.all(after, limit).map((row) => row.customer_id);
  }

  progress(): PopulationProgress {
    const row = this.statements.progress.get();
    return {
      checkpoint: row?.commit == null || row.prepare == null ? undefined : { commit: row.commit, prepare: row.prepare },
      origin: row?.origin ?? undefined,
      asOf: row?.as_of == null ? undefined : Number(row.as_of),
      customers: Number(row?.customers ?? 0),
    };
  }

  /** Customers per state id, states with none left out. */
  counts(): Map<string, number> {
    return new Map(this.statements.counts.all().map((r) => [this.states.nameOf(r.state), r.customers]));
  }

  /** How many customers are in a state. */
  countOf(state: string): number {
    const number = this.states.find(state);
    return number === undefined ? 0 : (this.statements.count.get(number)?.customers ?? 0);
  }

  /** A page of a state's customers, the latest entry first, after `cursor`. */
  customersIn(state: string, limit: number, cursor: PageCursor | undefined): CustomerInState[] {
    const number = this.states.find(state);
    if (number === undefined) return [];
    const after = cursor ?? { since: Number.MAX_SAFE_INTEGER, customer: Number.MAX_SAFE_INTEGER };
    return this.statements.page.all(number, after.since, after.customer, limit).map((r) => ({
      customerId: r.customer_id,
      since: r.since,
      scores: JSON.parse(r.scores) as Record<string, number>,
      cursor: { since: r.since, customer: r.customer },
    }));
  }

  /**
   * Region moves in the `windowMs` up to the newest change, counted by whole minutes: the window
   * starts at the minute that makes it `windowMs` long, ending with the newest change's minute.
   */
  transitions(windowMs: number): { since: number; until: number; transitions: TransitionCount[] } | undefined {
    const until = this.progress().asOf;
    if (until === undefined) return undefined;
    const last = minuteOf(until);
    const first = last - Math.round(windowMs / MINUTE_MS) + 1;
    const transitions = this.statements.transitions.all(first, last).map((r) => ({
      from: this.states.nameOf(r.from_state),
      to: this.states.nameOf(r.to_state),
      event: r.event,
      count: r.count,
    }));
    return { since: first * MINUTE_MS, until, transitions };
  }

  /**
   * Counts at the end of each hour of the last `days` days up to the newest change, oldest first.
   * Walked back from the counts of now, taking off each hour's changes: only the window is read.
   */
  history(days: number): HistoryPoint[] {
    const asOf = this.progress().asOf;
    if (asOf === undefined) return [];
    const newest = hourOf(asOf);
    const oldest = newest - (days * DAY_MS) / HOUR_MS + 1;
    const counts = new Map(this.statements.counts.all().map((r) => [r.state, r.customers]));
    const deltas = this.statements.deltasAfter.all(oldest);
    const points: HistoryPoint[] = [];
    let next = 0;
    for (let hour = newest; hour >= oldest; hour--) {
      for (let d = deltas[next]; d !== undefined && d.hour > hour; d = deltas[++next]) {
        counts.set(d.state, (counts.get(d.state) ?? 0) - d.delta);
      }
      const states = new Map<string, number>();
      for (const [state, customers] of counts) if (customers !== 0) states.set(this.states.nameOf(state), customers);
      points.push({ at: (hour + 1) * HOUR_MS, states });
    }
    return points.reverse();
  }
}
