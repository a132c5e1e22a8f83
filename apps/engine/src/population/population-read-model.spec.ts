import fc from 'fast-check';
import type { StateValue } from 'xstate';
import type { PopulationChange } from './population-change';
import { PopulationReadModel } from './population-read-model';
import { stateValueIds } from './state-value-ids';
import { HOUR_MS } from './time-buckets';

// The read model's folds against a plain recomputation from every customer's changes: whatever
// the changes and however they are batched, counts, history and pages agree with it.

const T0 = Date.parse('2026-03-02T00:00:00Z');

const values: StateValue[] = [
  { engagement: 'active', cart: 'empty' },
  { engagement: 'active', cart: 'open' },
  { engagement: { 'at-risk': 'flagged' }, cart: 'open' },
  { engagement: { 'at-risk': 'emailed' }, cart: 'empty' },
  { engagement: 'churning', cart: 'abandoned' },
  { loyalty: 'gold' }, // a state of another machine version
];

/** Changes of a few customers, each customer's clock going forward. */
const histories = fc
  .array(
    fc.record({ customer: fc.integer({ min: 0, max: 5 }), value: fc.nat(values.length - 1), gap: fc.nat(5 * HOUR_MS) }),
    {
      minLength: 1,
      maxLength: 60,
    },
  )
  .map((steps) => {
    const clocks = new Map<number, number>();
    return steps.map(({ customer, value, gap }, i): PopulationChange => {
      const at = (clocks.get(customer) ?? T0) + gap;
      clocks.set(customer, at);
      return {
        position: { commit: BigInt(i), prepare: BigInt(i) },
        customerId: `c${customer}`,
        from: null,
        to: values[value]!,
        at: new Date(at).toISOString(),
        atMs: at,
        cause: { type: 'Signal' },
        transition: true,
        scores: { churn: i },
      };
    });
  });

/** Customers per state after the changes up to (not including) `before`, recomputed from scratch. */
function recount(changes: readonly PopulationChange[], before = Infinity): Map<string, number> {
  const latest = new Map<string, StateValue>();
  for (const c of changes) if (c.atMs < before) latest.set(c.customerId, c.to);
  const counts = new Map<string, number>();
  for (const value of latest.values())
    for (const id of stateValueIds(value, 'customer')) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

function fold(changes: readonly PopulationChange[], batchSize: number): PopulationReadModel {
  const model = PopulationReadModel.open(':memory:', 'customer');
  for (let i = 0; i < changes.length; i += batchSize) {
    const batch = changes.slice(i, i + batchSize);
    model.apply({ changes: batch, checkpoint: batch.at(-1)!.position });
  }
  return model;
}

describe('population read model (property)', () => {
  it('counts every customer in every state of their latest value, whatever the batches', () =>
    fc.assert(
      fc.property(histories, fc.integer({ min: 1, max: 10 }), (changes, batchSize) => {
        const model = fold(changes, batchSize);
        expect(model.reader.counts()).toEqual(recount(changes));
        expect(model.progress()).toMatchObject({
          checkpoint: changes.at(-1)!.position,
          customers: new Set(changes.map((c) => c.customerId)).size,
          asOf: Math.max(...changes.map((c) => c.atMs)),
        });
        model.close();
      }),
    ));

  it('gives at the end of each hour the counts of each customer as they were then', () =>
    fc.assert(
      fc.property(histories, (changes) => {
        const model = fold(changes, 7);
        for (const point of model.reader.history(2)) expect(point.states).toEqual(recount(changes, point.at));
        model.close();
      }),
    ));

  it('pages a state through each of its customers once, the latest entry first', () =>
    fc.assert(
      fc.property(histories, fc.integer({ min: 1, max: 4 }), (changes, limit) => {
        const model = fold(changes, 5);
        const state = 'customer.engagement';
        const seen: Array<{ customerId: string; since: number }> = [];
        for (let page = model.reader.customersIn(state, limit, undefined); page.length > 0;) {
          seen.push(...page);
          page = model.reader.customersIn(state, limit, page.at(-1)!.cursor);
        }
        expect(seen.map((s) => s.customerId).sort()).toEqual(
          [...new Set(changes.map((c) => c.customerId))]
            .filter((id) => {
              const latest = changes.filter((c) => c.customerId === id).at(-1)!;
              return stateValueIds(latest.to, 'customer').includes(state);
            })
            .sort(),
        );
        expect(seen.length).toBe(model.reader.countOf(state));
        const times = seen.map((s) => s.since);
        expect(times).toEqual([...times].sort((a, b) => b - a));
        model.close();
      }),
    ));
});

describe('population read model', () => {
  it('keeps the time a customer entered a state while they stay in it', () => {
    const model = PopulationReadModel.open(':memory:', 'customer');
    const change = (i: number, to: StateValue): PopulationChange => ({
      position: { commit: BigInt(i), prepare: BigInt(i) },
      customerId: 'c1',
      from: null,
      to,
      at: new Date(T0 + i * HOUR_MS).toISOString(),
      atMs: T0 + i * HOUR_MS,
      cause: { type: 'Signal' },
      transition: true,
      scores: {},
    });
    model.apply({
      changes: [change(0, { engagement: 'active', cart: 'empty' })],
      checkpoint: { commit: 0n, prepare: 0n },
    });
    model.apply({
      changes: [change(1, { engagement: 'active', cart: 'open' })],
      checkpoint: { commit: 1n, prepare: 1n },
    });
    const since = (state: string) => model.reader.customersIn(state, 1, undefined)[0]?.since;
    expect(since('customer.engagement.active')).toBe(T0);
    expect(since('customer.cart.open')).toBe(T0 + HOUR_MS);
    expect(since('customer.cart.empty')).toBeUndefined();
    model.close();
  });

  it('counts the moves of each region per cause in a window up to the newest change', () => {
    const model = PopulationReadModel.open(':memory:', 'customer');
    const move = (i: number, minutes: number, cause: PopulationChange['cause']): PopulationChange => ({
      position: { commit: BigInt(i), prepare: BigInt(i) },
      customerId: `c${i}`,
      from: { cart: 'empty', fraud: 'clear' },
      to: { cart: 'open', fraud: 'clear' },
      at: new Date(T0 + minutes * 60_000).toISOString(),
      atMs: T0 + minutes * 60_000,
      cause,
      transition: true,
      scores: {},
    });
    const timer = { type: 'TimerFired', id: 'f', timerId: 'xstate.after.cartRecovery.customer.cart.open' };
    model.apply({
      changes: [move(0, 0, { type: 'ProductAdded' }), move(1, 100, { type: 'ProductAdded' }), move(2, 110, timer)],
      checkpoint: { commit: 2n, prepare: 2n },
    });
    expect(model.reader.transitions(HOUR_MS)).toEqual({
      since: T0 + 51 * 60_000,
      until: T0 + 110 * 60_000,
      transitions: [
        { from: 'customer.cart.empty', to: 'customer.cart.open', event: 'ProductAdded', count: 1 },
        { from: 'customer.cart.empty', to: 'customer.cart.open', event: timer.timerId, count: 1 },
      ],
    });
    expect(model.reader.transitions(24 * HOUR_MS)?.transitions[0]?.count).toBe(2);
    model.close();
  });

  /** c1 takes a signal, then an output that moves them without an arrow of the chart. */
  const movedWithoutTransition = (cause: PopulationChange['cause']): PopulationReadModel => {
    const model = PopulationReadModel.open(':memory:', 'customer');
    const change = (i: number, to: StateValue, transition: boolean): PopulationChange => ({
      position: { commit: BigInt(i), prepare: BigInt(i) },
      customerId: 'c1',
      from: { engagement: 'active', cart: 'empty' },
      to,
      at: new Date(T0 + i * 60_000).toISOString(),
      atMs: T0 + i * 60_000,
      cause: transition ? { type: 'Signal' } : cause,
      transition,
      scores: transition ? { churn: 10 } : { churn: 80 },
    });
    model.apply({
      changes: [
        change(0, { engagement: 'active', cart: 'empty' }, true),
        change(1, { engagement: 'churning', cart: 'empty' }, false),
      ],
      checkpoint: { commit: 1n, prepare: 1n },
    });
    return model;
  };

  it('moves a customer a new machine version re-derived, without counting a transition', () => {
    const model = movedWithoutTransition({ type: 'StateRederived', id: 'r' });
    expect(model.reader.customersIn('customer.engagement.churning', 10, undefined).map((c) => c.customerId)).toEqual([
      'c1',
    ]);
    expect(model.reader.customersIn('customer.engagement.active', 10, undefined)).toEqual([]);
    expect(model.reader.transitions(HOUR_MS)?.transitions).toEqual([]);
    model.close();
  });

  it('moves a customer a late signal corrected, with its scores, without counting a transition', () => {
    // A `StateCorrected` names the late signal as its cause: it is not counted under that signal.
    const model = movedWithoutTransition({ type: 'Touched', id: 'late' });
    expect(model.reader.countOf('customer.engagement.churning')).toBe(1);
    expect(model.reader.countOf('customer.engagement.active')).toBe(0);
    expect(
      model.reader.customersIn('customer.engagement.churning', 10, undefined).map((c) => [c.customerId, c.scores]),
    ).toEqual([['c1', { churn: 80 }]]);
    expect(model.reader.transitions(HOUR_MS)?.transitions).toEqual([]);
    model.close();
  });

  it('forgets everything on reset, and starts again without a checkpoint', () => {
    const model = fold(
      [
        {
          position: { commit: 4n, prepare: 4n },
          customerId: 'c',
          from: null,
          to: 'x',
          at: new Date(T0).toISOString(),
          atMs: T0,
          cause: { type: 'S' },
          transition: true,
          scores: {},
        },
      ],
      1,
    );
    model.reset();
    expect(model.progress()).toEqual({ checkpoint: undefined, origin: undefined, asOf: undefined, customers: 0 });
    expect(model.reader.counts()).toEqual(new Map());
    model.close();
  });
});
