import { START, type Position } from '@eventstore/db-client';
import { STATE_CHANGED } from '@heed/actors';
import { generatePopulation, type Population } from '@heed/simulator';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, firstValueFrom, timeout } from 'rxjs';
import type { StateValue } from 'xstate';
import { activeStateIds, day, productAdded, signedUp } from '../../../libs/domain/src/testing';
import { POPULATION_EVENT_TYPES } from '../src/population/population-change';
import { PopulationProjection } from '../src/population/population-projection';
import type { RunningEngine } from '../src/start-engine';
import { API_KEY, EngineHarness, forCustomer, newCustomer } from './engine-harness';
import { queryClient } from './query-client';

// The population read model against the engine's real outputs: a simulated population delivered
// through the store, its counts, moves, history and pages checked against the customers' own
// streams and folds, across a restart and on two replicas.

interface Change {
  readonly customerId: string;
  readonly from: StateValue;
  readonly to: StateValue;
  readonly at: number;
  readonly event: string;
}

interface Counts {
  customers: number;
  states: Record<string, number>;
  checkpoint: { position: string | null; caughtUp: boolean };
  asOf: string | null;
}

const projectionOf = (engine: RunningEngine) => engine.app.get(PopulationProjection);

/** Every state active in a value, the root included: the domain's own reading of a value. */
const inStates = (value: StateValue): string[] => ['customer', ...activeStateIds(value)];

/** Appends the population's signals, then folds every customer and fires the timers due by the window's end. */
async function deliver(h: EngineHarness, population: Population, signals = population.signals): Promise<void> {
  h.now = population.window.start;
  await h.append(...signals);
  h.now = population.window.end;
  const engine = h.engines.at(-1)!;
  for (let round = 0; round < 20; round++) {
    const states = await Promise.all(population.customers.map((c) => engine.runtime.state(c.customerId)));
    if (!states.some((s) => Object.values(s.timers).some((t) => Date.parse(t.dueAt) <= h.now))) break;
    await engine.timers.tick();
  }
  for (const e of h.engines) await e.runtime.drain();
}

/** `$all` positions of the customers' state changes (of every kind) after `after`, in order. */
async function changePositions(h: EngineHarness, after?: Position): Promise<Position[]> {
  const positions: Position[] = [];
  const types = new Set<string>(POPULATION_EVENT_TYPES);
  for await (const { event } of h.client.readAll({ fromPosition: after ?? START })) {
    if (event?.position === undefined || !types.has(event.type) || !event.streamId.startsWith('lifecycle-')) continue;
    if (after === undefined || event.position.commit > after.commit) positions.push(event.position);
  }
  return positions;
}

/** Resolves once the engine's read model has committed every state change in the store. */
async function projected(h: EngineHarness, engine: RunningEngine): Promise<void> {
  const last = (await changePositions(h)).at(-1)?.commit ?? -1n;
  await firstValueFrom(
    projectionOf(engine).status.pipe(
      filter((s) => s.caughtUp && (s.checkpoint?.commit ?? -1n) >= last),
      timeout(10_000),
    ),
  );
}

/** Each customer's state changes, from their output stream. */
async function changesOf(h: EngineHarness, population: Population): Promise<Map<string, Change[]>> {
  const changes = new Map<string, Change[]>();
  for (const { customerId } of population.customers) {
    const events = (await h.read(`lifecycle-${customerId}`)).filter((e) => e.event?.type === STATE_CHANGED);
    changes.set(
      customerId,
      events.map((e) => {
        const data = e.event!.data as { from: StateValue; to: StateValue; at: string; cause: Record<string, string> };
        const event = data.cause.type === 'TimerFired' ? data.cause.timerId! : data.cause.type!;
        return { customerId, from: data.from, to: data.to, at: Date.parse(data.at), event };
      }),
    );
  }
  return changes;
}

/** Customers per state from a fresh fold of every customer the read model knows (one with a change). */
async function foldedCounts(engine: RunningEngine, changes: Map<string, Change[]>): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const [customerId, own] of changes) {
    if (own.length === 0) continue;
    const state = await engine.runtime.replay(customerId);
    for (const id of inStates(state.snapshot.value as StateValue)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

const nonZero = (states: Record<string, number>): Map<string, number> =>
  new Map(Object.entries(states).filter(([, n]) => n !== 0));

async function expectCountsOfTheFold(h: EngineHarness, engine: RunningEngine, population: Population): Promise<void> {
  await projected(h, engine);
  const changes = await changesOf(h, population);
  const counts = (await queryClient(engine.url)<Counts>('/v1/population/counts')).body;
  expect(nonZero(counts.states)).toEqual(await foldedCounts(engine, changes));
  expect(counts.customers).toBe([...changes.values()].filter((c) => c.length > 0).length);
  expect(counts.checkpoint.caughtUp).toBe(true);
}

const population = generatePopulation({ seed: 20261206, customers: 20, weeks: 2 });

describe('the population read model over a simulated population', () => {
  let h: EngineHarness;
  let engine: RunningEngine;
  let changes: Map<string, Change[]>;
  const query = <T>(path: string, params?: Record<string, string | number | undefined>, key?: string | null) =>
    queryClient(engine.url)<T>(path, params, key);

  beforeAll(async () => {
    h = await EngineHarness.start();
    engine = await h.startEngine();
    await deliver(h, population);
    await projected(h, engine);
    changes = await changesOf(h, population);
  }, 30_000);
  afterAll(() => h.stop());

  it('counts each customer in every state of their latest state, as a fresh fold of each finds it', async () => {
    const counts = (await query<Counts>('/v1/population/counts')).body;
    expect(nonZero(counts.states)).toEqual(await foldedCounts(engine, changes));
    // Not vacuous: customers changed state, timers among the causes.
    const changed = [...changes].filter(([, own]) => own.length > 0);
    expect(changed.length).toBeGreaterThan(population.customers.length / 2);
    expect([...changes.values()].flat().some((c) => c.event.startsWith('xstate.after.'))).toBe(true);
    expect(counts).toMatchObject({ customers: changed.length, checkpoint: { caughtUp: true } });
    // Every state of the running machine is listed, with none too.
    expect(counts.states['customer.engagement.cancelled']).toBeGreaterThanOrEqual(0);
    const newest = Math.max(...[...changes.values()].flat().map((c) => c.at));
    expect(counts.asOf).toBe(new Date(newest).toISOString());
  });

  it('knows nothing of a customer whose signals changed nothing: their outputs are empty (ADR 0058)', async () => {
    const unchanged = [...changes].filter(([, own]) => own.length === 0).map(([id]) => id);
    for (const id of unchanged) expect(await h.types(`lifecycle-${id}`)).toEqual([]);
    const { body } = await query<{ items: Array<{ customerId: string }> }>('/v1/population/states/customer/customers', {
      limit: 500,
    });
    expect(body.items.filter((i) => unchanged.includes(i.customerId))).toEqual([]);
  });

  it('counts the moves of each region in a window, with the signal or timer that caused them', async () => {
    const moves = new Map<string, number>();
    const { body } = await query<{
      since: string;
      until: string;
      transitions: Array<{ from: string; to: string; event: string; count: number }>;
    }>('/v1/population/transitions', { window: 'week' });
    const since = Date.parse(body.since);
    for (const c of [...changes.values()].flat()) {
      if (c.at < since) continue;
      for (const region of Object.keys(c.to as object)) {
        // A region's leaf is its deepest active state.
        const leaf = (value: StateValue) =>
          inStates(value)
            .filter((id) => id.startsWith(`customer.${region}.`))
            .at(-1);
        const [from, to] = [leaf(c.from), leaf(c.to)];
        if (from !== to) moves.set(`${from} ${to} ${c.event}`, (moves.get(`${from} ${to} ${c.event}`) ?? 0) + 1);
      }
    }
    expect(body.until).toBe((await query<Counts>('/v1/population/counts')).body.asOf);
    expect(Date.parse(body.until) - since).toBeLessThanOrEqual(7 * 86_400_000);
    expect(new Map(body.transitions.map((t) => [`${t.from} ${t.to} ${t.event}`, t.count]))).toEqual(moves);
  });

  it('gives the counts at the end of each hour, as each customer was at that time', async () => {
    const { body } = await query<{ points: Array<{ at: string; states: Record<string, number> }> }>(
      '/v1/population/history',
      { days: 14 },
    );
    expect(body.points).toHaveLength(14 * 24);
    for (const point of body.points.filter((_, i) => i % 13 === 0 || i === body.points.length - 1)) {
      const end = Date.parse(point.at);
      const expected = new Map<string, number>();
      for (const own of changes.values()) {
        const latest = own.filter((c) => c.at < end).at(-1);
        for (const id of latest === undefined ? [] : inStates(latest.to)) expected.set(id, (expected.get(id) ?? 0) + 1);
      }
      expect({ at: point.at, states: new Map(Object.entries(point.states)) }).toEqual({
        at: point.at,
        states: expected,
      });
    }
  });

  it('pages the customers of a state, the latest entry first, through every one of them once', async () => {
    // The watch region comes and goes daily: entry times differ from customer to customer.
    const state = 'customer.watch.idle';
    const since = new Map<string, string>();
    for (const [customerId, own] of changes) {
      const latest = own.at(-1);
      if (latest === undefined || !inStates(latest.to).includes(state)) continue;
      // Entered with the latest change whose previous value was not in it (or the first one seen).
      const entry = own.findLast((c, i) => i === 0 || !inStates(c.from).includes(state))!;
      since.set(customerId, new Date(entry.at).toISOString());
    }
    expect(since.size).toBeGreaterThan(3);

    type Page = {
      total: number;
      items: Array<{ customerId: string; since: string; scores: object }>;
      next: string | null;
    };
    const items: Page['items'] = [];
    let cursor: string | undefined;
    do {
      const { status, body } = await query<Page>(`/v1/population/states/${state}/customers`, { limit: 3, cursor });
      expect(status).toBe(200);
      expect(body.total).toBe(since.size);
      expect(body.items.length).toBeLessThanOrEqual(3);
      items.push(...body.items);
      cursor = body.next ?? undefined;
    } while (cursor !== undefined);
    expect(new Map(items.map((i) => [i.customerId, i.since]))).toEqual(since);
    expect(items).toHaveLength(since.size);
    const times = items.map((i) => Date.parse(i.since));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(Object.keys(items[0]!.scores).sort()).toEqual(['churn', 'fraud']);
  });

  it('streams a state change to a Server-Sent Events client within a second of its signal', async () => {
    const abort = new AbortController();
    const response = await fetch(`${engine.url}/v1/population/changes`, {
      headers: { authorization: `Bearer ${API_KEY}` },
      signal: abort.signal,
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const id = newCustomer('live');
    const sent = performance.now();
    await h.append({ ...productAdded('cart-1', 'p-1', day(20, '10:00')), customerId: id });
    let text = '';
    while (!text.includes(`"customerId":"${id}"`)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended before the change of ${id}: ${text}`);
      text += value;
    }
    expect(performance.now() - sent).toBeLessThan(1_000);
    const message = text.split('\n\n').find((m) => m.includes(id))!;
    expect(message).toMatch(/^event: state\ndata: /);
    const data = JSON.parse(message.slice(message.indexOf('data: ') + 6)) as {
      customerId: string;
      to: { cart: string };
      cause: { type: string };
      position: string;
    };
    expect([data.customerId, data.to.cart, data.cause.type]).toEqual([id, 'open', 'ProductAdded']);
    expect(data.position).toMatch(/^\d+$/);
    abort.abort();
  });

  it('refuses a caller without a key, bad parameters and a state the machine does not have', async () => {
    for (const path of ['counts', 'transitions', 'history', 'states/customer/customers', 'changes']) {
      expect(await query(`/v1/population/${path}`, {}, null)).toMatchObject({
        status: 401,
        body: { code: 'UNAUTHORIZED' },
      });
    }
    const refused: Array<[string, Record<string, string>, number, string, string]> = [
      ['transitions', { window: 'month' }, 400, 'INVALID_PARAMETER', 'window'],
      ['history', { days: '0' }, 400, 'INVALID_PARAMETER', 'days'],
      ['history', { days: '91' }, 400, 'INVALID_PARAMETER', 'days'],
      ['history', { days: '2.5' }, 400, 'INVALID_PARAMETER', 'days'],
      ['states/customer.cart.open/customers', { limit: '0' }, 400, 'INVALID_PARAMETER', 'limit'],
      ['states/customer.cart.open/customers', { limit: '501' }, 400, 'INVALID_PARAMETER', 'limit'],
      ['states/customer.cart.open/customers', { cursor: 'not-a-cursor' }, 400, 'INVALID_CURSOR', 'cursor'],
      ['states/customer.cart.lost/customers', {}, 404, 'UNKNOWN_STATE', 'stateId'],
    ];
    for (const [path, params, statusCode, code, at] of refused) {
      const { status, body } = await query<{ message: string }>(`/v1/population/${path}`, params);
      expect({ path, status, body }).toEqual({
        path,
        status: statusCode,
        body: { statusCode, code, path: at, message: body.message },
      });
      expect(body.message).toMatch(new RegExp(`^${at}: expected .+, got `));
    }
  });
});

describe('the population read model across restarts and replicas', () => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await EngineHarness.start();
  });
  afterEach(() => h.stop());

  it('resumes from its checkpoint after a restart on the same file, reading nothing twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heed-read-model-'));
    const env = { HEED_ENGINE_READ_MODEL: join(dir, 'population.sqlite') };
    try {
      const half = Math.floor(population.signals.length / 2);
      const first = await h.startEngine(env);
      await h.append(...population.signals.slice(0, half));
      await first.runtime.drain();
      for (const { customerId } of population.customers) await first.runtime.state(customerId);
      await projected(h, first);
      const checkpoint = projectionOf(first).current.checkpoint!;
      // A live feed open while the engine stops is ended, not waited for.
      const feed = await fetch(`${first.url}/v1/population/changes`, {
        headers: { authorization: `Bearer ${API_KEY}` },
      });
      await first.stop();
      expect(await feed.text()).toMatch(/^: connected/);

      const second = await h.startEngine(env);
      await deliver(h, population, population.signals.slice(half));
      await expectCountsOfTheFold(h, second, population);
      const after = await changePositions(h, checkpoint);
      expect(after.length).toBeGreaterThan(0);
      expect(projectionOf(second).current.projected).toBe(after.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('rebuilds a file kept from another store instead of resuming from its checkpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heed-read-model-'));
    const env = { HEED_ENGINE_READ_MODEL: join(dir, 'population.sqlite') };
    const other = await EngineHarness.start();
    let otherRunning = true;
    try {
      await other.startEngine(env);
      await other.append(...forCustomer(newCustomer('gone'), [productAdded('cart-1', 'p-1', day(0, '10:00'))]));
      await projected(other, other.engines[0]!);
      await other.stop();
      otherRunning = false;

      const engine = await h.startEngine(env);
      const id = newCustomer('here');
      await h.append(...forCustomer(id, [productAdded('cart-1', 'p-1', day(0, '10:00')), signedUp(day(0, '11:00'))]));
      await engine.runtime.state(id);
      await projected(h, engine);
      const { body } = await queryClient(engine.url)<{ items: Array<{ customerId: string }> }>(
        '/v1/population/states/customer/customers',
      );
      expect(body.items.map((i) => i.customerId)).toEqual([id]);
    } finally {
      if (otherRunning) await other.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('subscribes again from its checkpoint after a batch could not be written', async () => {
    const engine = await h.startEngine();
    const failing = jest.spyOn(projectionOf(engine).readModel, 'apply').mockImplementationOnce(() => {
      throw new Error('disk I/O error');
    });
    const customers = Array.from({ length: 5 }, (_, i) => newCustomer(`retry${i}`));
    for (const id of customers) {
      await h.append(...forCustomer(id, [signedUp(day(0, '09:00')), productAdded('cart-1', 'p-1', day(0, '10:00'))]));
    }
    for (const id of customers) await engine.runtime.state(id);
    await projected(h, engine);
    expect(failing).toHaveBeenCalled();
    const { body } = await queryClient(engine.url)<Counts>('/v1/population/counts');
    expect([body.customers, body.states['customer.cart.open']]).toEqual([5, 5]);
  }, 30_000);

  it('keeps a read model on each of two replicas, each with every customer', async () => {
    await h.startEngine();
    await h.startEngine();
    await deliver(h, population);
    for (const engine of h.engines) await expectCountsOfTheFold(h, engine, population);
  }, 30_000);
});
