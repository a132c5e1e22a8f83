/**
 * `npm run bench:engine [-- --long]`: the engine's figures on this machine, each beside a limit
 * measured in the same run:
 *  - throughput of signals processed end to end (read from the persistent subscription, folded,
 *    outputs appended, acked) against a bare loop of `transition()` over the same signals, taken
 *    on a warm engine (after a first population of the same size), every customer new to it;
 *  - catch-up of a backlog appended while no engine ran, with timers due inside it (each fires in
 *    front of the customer's next signal, in the same fold), against the same-size backlog with
 *    none due; the timers that fired are read back from the output streams and printed;
 *  - latency from a signal's append to its command event's append (store timestamps), under a
 *    background load of 1,000 signals/s, against the store's own append-to-append round trip;
 *  - rehydration of a 10,000-signal stream from scratch and from a snapshot, against the bare fold
 *    and a single one-event read, with the CPU per event of this process and the store's beside the
 *    bare read's and the bare fold's; and the CPU of a new customer's initial state and first step
 *    beside a started customer's step;
 *  - memory: resident customers per GiB of heap, and RSS with many known customers under
 *    passivation (1,000,000 with --long);
 *  - CPU per signal end to end (this process, incl. GC; and the store process's), beside the bare
 *    loop's CPU per signal, in the throughput phase (scripts/bench/cpu-time.ts);
 *  - Heed beside Emmett on the same store, customers and signals (`peer`): signals/s, CPU per signal
 *    and p99 at 10, 100 and 1,000 signals per customer (see `peer()`).
 * The store runs as its own process (as in production); the engine runs here. The last line printed
 * is the figures as JSON, for `npm run bench`. BENCH_BUFFER and BENCH_REHYDRATIONS set the engine's
 * buffer size and concurrent rehydrations for experiments (defaults 512 and 16), BENCH_CATCHUP_ROUNDS
 * the catch-up phase's rounds (default 2).
 * `HEED_BENCH_PROFILE_ENGINE=<dir>` writes CPU profiles of this process while it processes the
 * throughput phase's signals and during the third rehydration from scratch;
 * `HEED_BENCH_PROFILE_STORE=<dir>` one of the store process.
 */
import { EventStoreDBClient, StreamNotFoundError, jsonEvent } from '@eventstore/db-client';
import { ActorRuntime, TIMER_FIRED, fold, initialState, step, type OutputMetadata } from '@heed/actors';
import { loadConfig } from '@heed/config';
import type { CustomerSignal } from '@heed/domain';
import { customerStream, connectStore } from '@heed/event-store';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { initialTransition, transition } from 'xstate';
import {
  day,
  everydayMix,
  productAdded,
  productViewed,
  signedIn,
  signedOut,
  signedUp,
} from '../../../libs/domain/src/testing';
import { EngineConfig } from '../src/engine.config';
import { emmettLifecycle, peerHistory, peerStream } from './emmett-lifecycle';
import { customerKind } from '../src/lifecycle/customer-kind';
import { startEngine } from '../src/start-engine';
import { profiled } from '../../../scripts/bench/profiled';
import { cpuMeter } from '../../../scripts/bench/cpu-time';
import { startStoreProcess, type StoreProcess } from '../../../scripts/bench/store-process';

const long = process.argv.includes('--long');
/** `--only=<phase>` runs one phase (memory, rehydration, throughput, catchup, latency, passivation, peer). */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const kind = customerKind();
const machine = kind.definition.machine;

interface Figure {
  readonly area: 'engine';
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly limit: number;
  readonly limitName: string;
  readonly goal: string;
  readonly met: boolean;
}
const figures: Figure[] = [];
const series: {
  latencyMs?: Array<[number, number]>;
  /** RSS and heap against known customers (passivation phase), for the report's memory plot. */
  memoryByCustomers?: Array<{ customers: number; heapMb: number; rssMb: number }>;
  /** Rehydration time against stream length, for the report's rehydration plot. */
  rehydration?: Array<{ streamLength: number; ms: number; snapshot?: boolean }>;
} = {};

function report(figure: Omit<Figure, 'area'>): void {
  figures.push({ area: 'engine', ...figure });
  const ratio = figure.limit > 0 ? (figure.value / figure.limit).toFixed(3) : 'n/a';
  console.log(
    `${figure.name}: ${figure.value.toFixed(2)} ${figure.unit} | limit (${figure.limitName}) ${figure.limit.toFixed(2)} | ratio ${ratio} | goal ${figure.goal} ${figure.met ? 'MET' : 'NOT MET'}`,
  );
}

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

/** A customer's day: a realistic mix of signals (sessions, pages, cart, card). */
const customerSignals = (customerId: string, n: number): CustomerSignal[] => everydayMix(n, customerId);

/** A signal as the runtime receives it, at a revision of its customer's stream. */
const asInput = (s: CustomerSignal, revision: number) => ({
  id: String(revision),
  type: s.type,
  revision: BigInt(revision),
  data: { customerId: s.customerId, occurredAt: s.occurredAt, version: s.version, properties: s.properties },
  metadata: {},
});

const storedData = (s: CustomerSignal) => ({
  customerId: s.customerId,
  occurredAt: s.occurredAt,
  version: s.version,
  properties: s.properties,
});

const stored = (s: CustomerSignal) => jsonEvent({ type: s.type, data: storedData(s) });

/**
 * Appends every customer's signals, interleaved across customers in runs of `run` signals, as
 * live traffic of many customers arrives (a long run of one customer would serialise the engine).
 */
async function appendAll(
  client: EventStoreDBClient,
  byCustomer: Map<string, CustomerSignal[]>,
  run = 200,
): Promise<void> {
  const work: Array<[string, CustomerSignal[]]> = [];
  const longest = Math.max(...[...byCustomer.values()].map((s) => s.length));
  for (let from = 0; from < longest; from += run) {
    for (const [id, signals] of byCustomer) if (from < signals.length) work.push([id, signals.slice(from, from + run)]);
  }
  work.reverse();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let next = work.pop(); next; next = work.pop()) {
        const [id, signals] = next;
        await client.appendToStream(customerStream(id), signals.map(stored));
      }
    }),
  );
}

/** The engines' data directories (read model, layout), one per engine: never the working tree's `.heed`. */
const engineDataRoot = mkdtempSync(join(tmpdir(), 'heed-bench-engine-data-'));

function engineConfig(group: string): EngineConfig {
  return loadConfig(EngineConfig, {
    HEED_DATA_DIR: join(engineDataRoot, group),
    HEED_ENGINE_PORT: '0',
    HEED_API_KEYS: 'bench-key-0123456789abcdef',
    HEED_ENGINE_GROUP: group,
    HEED_TIMER_TICK_MS: String(3_600_000),
    HEED_ENGINE_BUFFER_SIZE: process.env.BENCH_BUFFER ?? '512',
    HEED_MAX_REHYDRATIONS: process.env.BENCH_REHYDRATIONS ?? '16',
  });
}

/**
 * The customer kind, counting the signals it reads: `finished` resolves once `total` are folded,
 * `reached[i]` once `marks[i]` are, `processed()` says how many are so far.
 */
function countingKind(
  total: number,
  marks: readonly number[],
): {
  counting: typeof kind;
  finished: Promise<void>;
  reached: readonly Promise<void>[];
  processed: () => number;
} {
  let processed = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const resolvers: Array<() => void> = [];
  const reached = marks.map(() => new Promise<void>((resolve) => resolvers.push(resolve)));
  const counting = {
    ...kind,
    definition: {
      ...kind.definition,
      toMachineInput: (recorded: Parameters<typeof kind.definition.toMachineInput>[0]) => {
        ++processed;
        marks.forEach((mark, i) => mark === processed && resolvers[i]!());
        if (processed === total) done();
        return kind.definition.toMachineInput(recorded);
      },
    },
  };
  return { counting, finished, reached, processed: () => processed };
}

/** `customers` new customers of `prefix`, `perCustomer` signals each. */
function population(prefix: string, customers: number, perCustomer: number): Map<string, CustomerSignal[]> {
  const byCustomer = new Map<string, CustomerSignal[]>();
  for (let c = 0; c < customers; c++) {
    const id = `${prefix}${randomUUID().slice(0, 8)}`;
    byCustomer.set(id, customerSignals(id, perCustomer));
  }
  return byCustomer;
}

/**
 * Throughput and CPU per signal end to end. Two populations of the same size and mix go through
 * one engine, the second after the first: the first warms the engine (its code optimised by V8, its
 * pools and caches grown, as in any engine that has run for a while); the figures for the goals
 * are taken over the second, every customer of which is new to the engine, as a running engine
 * meets new customers. The first population's figures (from the engine's start) are printed beside.
 */
async function throughput(client: EventStoreDBClient, store: StoreProcess): Promise<void> {
  const customers = long ? 2_000 : 400;
  const perCustomer = 25;
  const warmup = population('tw', customers, perCustomer);
  const byCustomer = population('tp', customers, perCustomer);
  const each = customers * perCustomer;
  const total = 2 * each;

  // The limit: the measured signals through a bare loop of transition(), no IO, warmed like the
  // engine by the first population's (not measured); its rate, and its CPU (not its wall time: on
  // a shared machine the loop waits for the core too).
  const bareLoop = (population: ReadonlyMap<string, CustomerSignal[]>) => {
    for (const [id, signals] of population) {
      let [snapshot] = initialTransition(machine, { customerId: id });
      for (const s of signals) [snapshot] = transition(machine, snapshot, s as never);
    }
  };
  bareLoop(warmup);
  const bareMeter = cpuMeter({ self: undefined });
  const bareStart = performance.now();
  bareLoop(byCustomer);
  const bare = each / ((performance.now() - bareStart) / 1000);
  const bareCpu = bareMeter.read().self / each;

  // Five signals per customer in turn, the first population before the second.
  await appendAll(client, warmup, 5);
  await appendAll(client, byCustomer, 5);
  // Marks: the first population folded, then a quarter, half and three quarters of the second.
  const marks = [each, ...[1, 2, 3].map((q) => each + Math.ceil((each * q) / 4))];
  const { counting, finished, reached, processed } = countingKind(total, marks);
  const calls = { append: 0, read: 0 };
  const originalAppend = client.appendToStream.bind(client);
  const originalRead = client.readStream.bind(client);
  client.appendToStream = (...args: Parameters<typeof originalAppend>) => {
    calls.append++;
    return originalAppend(...args);
  };
  client.readStream = (...args: Parameters<typeof originalRead>) => {
    calls.read++;
    return originalRead(...args);
  };
  const engine = await startEngine(engineConfig(`bench-${randomUUID()}`), {
    client,
    kind: counting,
    logger: false,
  });
  // CPU from here on: the engine's start (Nest, the subscription) is not per-signal work. The
  // signals it folded while starting count neither.
  const meter = cpuMeter({ engine: undefined, store: store.pid });
  const start = performance.now();
  const before = processed();
  const at: Array<{ engine: number; store: number; processed: number; ms: number }> = [];
  for (const mark of reached)
    void mark.then(() => at.push({ ...meter.read(), processed: processed(), ms: performance.now() }));
  await profiled(process.env['HEED_BENCH_PROFILE_ENGINE'], 'engine-throughput', () => finished);
  // The last signals' outputs appended too (the counter counts a signal as it is folded).
  await engine.runtime.drain();
  const end = { ...meter.read(), processed: total, ms: performance.now() };
  await engine.stop();
  console.log(
    `store calls by the engine: ${calls.append} appends, ${calls.read} reads for ${total} signals (both populations)`,
  );
  // Two marks read in one microtask record the same count: then the parts cannot be told apart.
  const ends = [{ engine: 0, store: 0, processed: before, ms: start }, ...at, end];
  const perSignal = (from: (typeof ends)[number], to: (typeof ends)[number], process: 'engine' | 'store') =>
    (to[process] - from[process]) / (to.processed - from.processed);
  if (at.length !== marks.length || ends.some((e, i) => i > 0 && e.processed <= ends[i - 1]!.processed)) {
    // The goal's figure all the same, over both populations from the engine's start.
    const whole = perSignal(ends[0]!, end, 'engine');
    console.log('the populations could not be told apart (two marks ended together): both taken together');
    report({
      name: `engine CPU per signal end to end, incl. GC, from the engine's start (${total - before} signals, both populations)`,
      value: whole,
      unit: 'µs',
      limit: bareCpu,
      limitName: 'bare transition() loop, per signal',
      goal: '<= 80 µs',
      met: whole <= 80,
    });
    return;
  }
  const warm = at[0]!;
  const measured = end.processed - warm.processed;
  const engineCpu = perSignal(warm, end, 'engine');
  const firstCpu = perSignal(ends[0]!, warm, 'engine');
  report({
    name: `engine CPU per signal end to end, incl. GC, a warm engine (${measured} signals, ${customers} customers new to it)`,
    value: engineCpu,
    unit: 'µs',
    limit: bareCpu,
    limitName: 'bare transition() loop, per signal',
    goal: '<= 80 µs',
    met: engineCpu <= 80,
  });
  console.log(`engine CPU per signal, a warm engine: ratio to the goal of 80 µs ${(engineCpu / 80).toFixed(2)}`);
  report({
    name: `engine CPU per signal end to end, incl. GC, from the engine's start (the first ${warm.processed - before} signals)`,
    value: firstCpu,
    unit: 'µs',
    limit: engineCpu,
    limitName: 'the same, a warm engine',
    // The process's first seconds, before V8 has optimised its code: reported beside the goal's.
    goal: 'report',
    met: true,
  });
  const quarters = ends.slice(2).map((e, i) => perSignal(ends[i + 1]!, e, 'engine'));
  console.log(
    `engine CPU per signal by quarter of the warm engine's run: ${quarters.map((v) => `${v.toFixed(1)} µs`).join(', ')}`,
  );
  report({
    name: `store CPU per signal the engine processes, a warm engine (${measured} signals)`,
    value: perSignal(warm, end, 'store'),
    unit: 'µs',
    limit: engineCpu,
    limitName: 'engine CPU per signal',
    goal: 'report',
    met: true,
  });
  const rate = measured / ((end.ms - warm.ms) / 1000);
  console.log(
    `signals processed from the engine's start (the first population): ${((warm.processed - before) / ((warm.ms - start) / 1000)).toFixed(0)} signals/s`,
  );
  report({
    name: `signals processed end to end, a warm engine (${measured} signals, ${customers} customers new to it)`,
    value: rate,
    unit: 'signals/s',
    limit: bare,
    limitName: 'bare transition() loop',
    goal: '>= 10,000 signals/s',
    met: rate >= 10_000,
  });
}

/** Signals per second of the bare fold of a backlog in memory: `step()` for each, nothing written. */
function bareFold(byCustomer: ReadonlyMap<string, CustomerSignal[]>): number {
  let total = 0;
  const start = performance.now();
  for (const [id, signals] of byCustomer) {
    fold(kind.definition, initialState(kind.definition, id), signals.map(asInput));
    total += signals.length;
  }
  return total / ((performance.now() - start) / 1000);
}

/**
 * One customer's shopping visits, `visitGapMs` apart, five signals each: sign in, look at a product,
 * put it in a new cart, look at another, sign out. With visits further apart than the cart
 * recovery delay (an hour), each cart's recovery timer comes due before the next visit and fires
 * in front of it; closer together, each visit's cart re-arms the timer before it is due.
 */
function visits(customerId: string, n: number, visitGapMs: number): CustomerSignal[] {
  const o = { customerId };
  const start = Date.parse(day(0, '08:00'));
  const out: CustomerSignal[] = [];
  for (let v = 0; out.length < n; v++) {
    const at = (minute: number) => new Date(start + v * visitGapMs + minute * 60_000).toISOString();
    out.push(
      signedIn(at(0), {}, o),
      productViewed(`p-${v % 7}`, at(1), o),
      productAdded(`cart-${v}`, `p-${v % 7}`, at(2), {}, o),
      productViewed(`p-${(v + 3) % 7}`, at(3), o),
      signedOut(at(4), {}, o),
    );
  }
  return out.slice(0, n);
}

/**
 * Catches up with a backlog appended while no engine ran: starts an engine on a store of its own
 * and times it until every signal is folded. Returns signals/s, the outputs appended, and the
 * timers that fired in the fold (distinct causes of outputs written by a `TimerFired`), both read
 * back from the output streams.
 */
async function catchUpOnce(
  dir: string,
  name: string,
  byCustomer: ReadonlyMap<string, CustomerSignal[]>,
): Promise<{ rate: number; fired: number; outputs: number }> {
  let result = { rate: 0, fired: 0, outputs: 0 };
  await withStore(dir, name, async (client) => {
    const total = [...byCustomer.values()].reduce((sum, signals) => sum + signals.length, 0);
    await appendAll(client, new Map(byCustomer), 5);
    const { counting, finished } = countingKind(total, []);
    const start = performance.now();
    // A simulated wall clock before every signal, and a tick once an hour: the timer wheel has
    // nothing to fire, so every timer that fires does so in the fold, in front of a later signal.
    const engine = await startEngine(engineConfig(`catchup-${randomUUID()}`), {
      client,
      kind: counting,
      logger: false,
      now: () => Date.parse(day(0, '00:00')),
    });
    await finished;
    // The last signals read are folded and their outputs appended too.
    await engine.runtime.drain();
    const rate = total / ((performance.now() - start) / 1000);
    await engine.stop();
    const firings = new Set<string>();
    let outputs = 0;
    for (const id of byCustomer.keys()) {
      try {
        for await (const { event } of client.readStream(kind.streams.output(id))) {
          outputs++;
          const metadata = event?.metadata as Partial<OutputMetadata> | undefined;
          if (metadata?.causationType === TIMER_FIRED && metadata.$causationId) firings.add(metadata.$causationId);
        }
      } catch (error) {
        if (!(error instanceof StreamNotFoundError)) throw error;
      }
    }
    result = { rate, fired: firings.size, outputs };
  });
  return result;
}

/**
 * Catch-up after downtime with timers due inside the backlog (each fires in front of the customer's
 * next signal, in the same fold), against the same signals spaced so that no timer comes due. Runs
 * alternate, no-timers first, each on a fresh store; the best of each counts (the machine's noise
 * only ever slows a run down). The bare fold of both in memory is printed beside, to tell the
 * fold's share of a difference from the store's.
 */
async function catchup(dir: string): Promise<void> {
  const customers = long ? 1_000 : 200;
  const perCustomer = 50;
  const rounds = Number(process.env.BENCH_CATCHUP_ROUNDS ?? 2);
  const backlog = (prefix: string, visitGapMs: number) =>
    new Map(
      Array.from({ length: customers }, () => {
        const id = `${prefix}${randomUUID().slice(0, 8)}`;
        return [id, visits(id, perCustomer, visitGapMs)] as const;
      }),
    );
  const total = customers * perCustomer;
  // 70 minutes between visits: the hour's cart recovery comes due before each next visit (all in
  // one day, so no day boundary separates the two backlogs). 10 minutes: never due.
  const withoutTimers = () => backlog('cn', 10 * 60_000);
  const withTimers = () => backlog('cd', 70 * 60_000);
  const due = { rate: 0, fired: 0, outputs: 0, bare: 0 };
  const none = { rate: 0, fired: 0, outputs: 0, bare: 0 };
  for (let round = 0; round < rounds; round++) {
    const b = await catchUpOnce(dir, `catchup-none-${round}`, withoutTimers());
    const a = await catchUpOnce(dir, `catchup-due-${round}`, withTimers());
    console.log(
      `catch-up round ${round + 1}: timers due ${a.rate.toFixed(0)} signals/s (${a.fired} timers fired), none due ${b.rate.toFixed(0)} signals/s (${b.fired} fired)`,
    );
    if (a.rate > due.rate) Object.assign(due, a);
    if (b.rate > none.rate) Object.assign(none, b);
  }
  const [bareDue, bareNone] = [withTimers(), withoutTimers()];
  for (let i = 0; i < 5; i++) {
    none.bare = Math.max(none.bare, bareFold(bareNone));
    due.bare = Math.max(due.bare, bareFold(bareDue));
  }
  // Every visit's cart but the last comes due before the next visit.
  const expected = customers * (Math.ceil(perCustomer / 5) - 1);
  console.log(
    `catch-up: ${due.fired} of ${expected} cart recovery timers fired inside the backlog with timers due${due.fired === 0 ? ' — NONE fired in the fold: the figure measures no timer work' : ''}, ${none.fired} in the one without; outputs appended ${due.outputs} and ${none.outputs}`,
  );
  console.log(
    `catch-up: bare fold in memory (step(), outputs made, nothing written) ${due.bare.toFixed(0)} signals/s with timers due, ${none.bare.toFixed(0)} without (ratio ${(due.bare / none.bare).toFixed(3)})`,
  );
  const ratio = none.rate > 0 ? due.rate / none.rate : 0;
  report({
    name: `catch-up of a backlog with timers due inside (${total} signals, ${customers} customers, ${due.fired} timers fired in the fold)`,
    value: due.rate,
    unit: 'signals/s',
    limit: none.rate,
    limitName: 'same-size backlog, no timers due',
    goal: 'within 20 % of the same backlog without timers',
    met: ratio >= 0.8 && due.fired > 0,
  });
}

async function latency(client: EventStoreDBClient): Promise<void> {
  const engine = await startEngine(engineConfig(`lat-${randomUUID()}`), { client, kind, logger: false });
  const probes = long ? 400 : 100;
  const probeIds = Array.from({ length: probes }, () => `lat${randomUUID().slice(0, 8)}`);
  for (const id of probeIds)
    await client.appendToStream(customerStream(id), stored({ ...signedUp(day(0)), customerId: id }));
  // Background: 1,000 signals/s of ordinary activity over many customers.
  let running = true;
  const background = (async () => {
    let i = 0;
    while (running) {
      const tickStart = performance.now();
      const batch = Array.from({ length: 50 }, () => {
        const id = `bg${i++ % 500}`;
        return client.appendToStream(
          customerStream(id),
          stored({
            ...productViewed(`p-${i % 9}`, new Date(Date.parse(day(1)) + i * 1000).toISOString()),
            customerId: id,
          }),
        );
      });
      await Promise.all(batch);
      await new Promise((r) => setTimeout(r, Math.max(0, 50 - (performance.now() - tickStart))));
    }
  })();
  const latencies: number[] = [];
  const roundTrips: number[] = [];
  for (const id of probeIds) {
    await client.appendToStream(customerStream(id), stored({ ...signedIn(day(9)), customerId: id }));
    // Wait for the command by subscribing to the customer's output stream.
    const subscription = client.subscribeToStream(`lifecycle-${id}`, { fromRevision: 'start' });
    for await (const e of subscription) {
      if (e.event?.type === 'ReturningCustomerNotificationRequested') break;
    }
    await subscription.unsubscribe();
    const [signal] = await readOne(client, customerStream(id), 1n);
    const [command] = await readCommand(client, `lifecycle-${id}`);
    if (signal !== undefined && command !== undefined) latencies.push(command - signal);
    // The limit: the store's own append-to-append gap on a fresh stream.
    const r0 = performance.now();
    await client.appendToStream(`rt-${id}`, jsonEvent({ type: 'Probe', data: {} }));
    roundTrips.push(performance.now() - r0);
    await new Promise((r) => setTimeout(r, 10));
  }
  running = false;
  await background;
  await engine.stop();
  series.latencyMs = latencies.map((v, i) => [i, v]);
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  const rt = percentile(roundTrips, 50);
  report({
    name: 'signal append → command append, p50 (1,000 signals/s background)',
    value: p50,
    unit: 'ms',
    limit: rt,
    limitName: 'store append round trip p50',
    goal: 'p50 <= 10 ms',
    met: p50 <= 10,
  });
  report({
    name: 'signal append → command append, p99 (1,000 signals/s background)',
    value: p99,
    unit: 'ms',
    limit: percentile(roundTrips, 99),
    limitName: 'store append round trip p99',
    goal: 'p99 <= 50 ms',
    met: p99 <= 50,
  });
}

/** `created` of an event in ms (the store's clock). */
async function readOne(client: EventStoreDBClient, stream: string, revision: bigint): Promise<number[]> {
  // Read to the end of the call: leaving the loop early leaves a call the client never closes.
  const found: number[] = [];
  for await (const { event } of client.readStream(stream, { fromRevision: revision, maxCount: 1 })) {
    if (event) found.push(new Date(event.created).getTime());
  }
  return found;
}

async function readCommand(client: EventStoreDBClient, stream: string): Promise<number[]> {
  const found: number[] = [];
  for await (const { event } of client.readStream(stream)) {
    if (event?.type === 'ReturningCustomerNotificationRequested') found.push(new Date(event.created).getTime());
  }
  return found;
}

async function rehydration(client: EventStoreDBClient, store: StoreProcess): Promise<void> {
  const id = `rh${randomUUID().slice(0, 8)}`;
  const signals = customerSignals(id, 10_000);
  await appendAll(client, new Map([[id, signals]]));
  const streams = kind.streams;
  const runtime = () => new ActorRuntime({ client, definition: kind.definition, streams, snapshotEvery: 1 });

  // Limits, each the best of three as the figure is: the bare fold in memory, and the bare read of
  // the stream through the client (decoded, nothing folded). Rehydration needs both in this process.
  const inputs = signals.map(asInput);
  const bareFolds: number[] = [];
  const bareReads: number[] = [];
  const cpu = { bareFold: Infinity, readEngine: Infinity, readStore: Infinity, engine: Infinity, store: Infinity };
  for (let i = 0; i < 3; i++) {
    const f = performance.now();
    const foldCpu = cpuMeter({ engine: undefined });
    fold(kind.definition, initialState(kind.definition, id), inputs);
    cpu.bareFold = Math.min(cpu.bareFold, foldCpu.read().engine);
    bareFolds.push(performance.now() - f);
    const r = performance.now();
    const readCpu = cpuMeter({ engine: undefined, store: store.pid });
    for await (const _ of client.readStream(customerStream(id))) void _;
    const used = readCpu.read();
    cpu.readEngine = Math.min(cpu.readEngine, used.engine);
    cpu.readStore = Math.min(cpu.readStore, used.store);
    bareReads.push(performance.now() - r);
  }
  const bareMs = Math.min(...bareFolds);
  const readMs = Math.min(...bareReads);

  const scratch: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const replayCpu = cpuMeter({ engine: undefined, store: store.pid });
    await profiled(i === 2 ? process.env.HEED_BENCH_PROFILE_ENGINE : undefined, 'rehydration', () =>
      runtime().replay(id),
    );
    const used = replayCpu.read();
    cpu.engine = Math.min(cpu.engine, used.engine);
    cpu.store = Math.min(cpu.store, used.store);
    scratch.push(performance.now() - t);
  }
  const perEvent = (us: number) => `${(us / signals.length).toFixed(1)} µs`;
  console.log(
    `rehydration CPU per event (best of 3): from scratch, this process ${perEvent(cpu.engine)} + store ${perEvent(cpu.store)}; bare read ${perEvent(cpu.readEngine)} + ${perEvent(cpu.readStore)}; bare fold ${perEvent(cpu.bareFold)}`,
  );
  // Process the stream once (outputs and a snapshot), then rehydrate from the snapshot.
  await runtime().state(id);
  const fromSnapshot: number[] = [];
  const oneRead: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await runtime().state(id);
    fromSnapshot.push(performance.now() - t);
    const r = performance.now();
    await readOne(client, customerStream(id), 0n);
    oneRead.push(performance.now() - r);
  }
  // Rehydration against the stream's length: the same stream replayed up to a shorter prefix.
  for (const length of [1_000, 2_500, 5_000, 7_500]) {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await runtime().replay(id, BigInt(length - 1));
      best = Math.min(best, performance.now() - t);
    }
    (series.rehydration ??= []).push({ streamLength: length, ms: best });
  }
  const scratchMs = Math.min(...scratch);
  series.rehydration?.push({ streamLength: 10_000, ms: scratchMs });
  const snapMs = percentile(fromSnapshot, 50);
  series.rehydration?.push({ streamLength: 10_000, ms: snapMs, snapshot: true });
  report({
    name: 'rehydrate a 10,000-signal stream from scratch',
    value: scratchMs,
    unit: 'ms',
    limit: bareMs,
    limitName: 'bare fold in memory',
    goal: '<= 150 ms',
    met: scratchMs <= 150,
  });
  report({
    name: 'read the same stream through the client, nothing folded (part of rehydration from scratch)',
    value: readMs,
    unit: 'ms',
    limit: bareMs,
    limitName: 'bare fold in memory',
    goal: '<= 150 ms (the goal of the whole rehydration)',
    met: readMs <= 150,
  });
  report({
    name: 'rehydrate a 10,000-signal stream from a snapshot (p50)',
    value: snapMs,
    unit: 'ms',
    limit: percentile(oneRead, 50),
    limitName: 'one one-event read',
    goal: '<= 5 ms',
    met: snapMs <= 5,
  });
  newCustomers();
}

/**
 * What a customer Heed has never seen costs: its initial state and its first signal's step, CPU per
 * customer over 3,000 new customers (best of 5 rounds after 2 warm-ups), beside one step of a customer already
 * started (the next 3,000 signals of one customer) in the same run.
 */
function newCustomers(): void {
  const n = 3_000;
  const firsts = Array.from({ length: n }, (_, i) => asInput(customerSignals(`nc${i}`, 1)[0]!, 0));
  const later = customerSignals('nc-later', n + 1).map(asInput);
  const cpuPer = (run: () => void): number => {
    let best = Infinity;
    for (let round = 0; round < 7; round++) {
      const meter = cpuMeter({ engine: undefined });
      run();
      if (round >= 2) best = Math.min(best, meter.read().engine / n);
    }
    return best;
  };
  const first = cpuPer(() => {
    for (const input of firsts) step(kind.definition, initialState(kind.definition, input.data.customerId), input);
  });
  const started = step(kind.definition, initialState(kind.definition, 'nc-later'), later[0]!).state;
  const next = cpuPer(() => {
    let state = started;
    for (let i = 1; i <= n; i++) state = step(kind.definition, state, later[i]!).state;
  });
  console.log(
    `a new customer (initial state + first signal's step), CPU: ${first.toFixed(1)} µs; one step of a started customer ${next.toFixed(1)} µs (ratio ${(first / next).toFixed(2)})`,
  );
}

/** What one side of the side-by-side run measured. */
interface PeerFigures {
  readonly rate: number;
  /** CPU per signal of this process (the side's code and client, the producer's appends) and of the store, µs. */
  readonly cpu: number;
  readonly storeCpu: number;
  readonly p50: number;
  readonly p99: number;
}

/**
 * Drives each customer's signals one after the other (the next once the last is handled), with
 * `inFlight` customers at a time, through `submit`; returns the figures of the run.
 */
async function drive(
  byCustomer: ReadonlyMap<string, CustomerSignal[]>,
  inFlight: number,
  storePid: number,
  submit: (customerId: string, signal: CustomerSignal) => Promise<void>,
): Promise<PeerFigures> {
  const queue = [...byCustomer.keys()].reverse();
  const latencies: number[] = [];
  const meter = cpuMeter({ self: undefined, store: storePid });
  const start = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
        for (const signal of byCustomer.get(id)!) {
          const t = performance.now();
          await submit(id, signal);
          latencies.push(performance.now() - t);
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const cpu = meter.read();
  return {
    rate: latencies.length / seconds,
    cpu: cpu.self / latencies.length,
    storeCpu: cpu.store / latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/**
 * Heed beside Emmett, the TypeScript event-sourcing framework most used on EventStoreDB, on the
 * same store, customers and signals, in the same run (`--only=peer`). At 10, 100 and 1,000 signals
 * per customer: each customer's history (all but its last 10 signals) is written first, unmeasured
 * (Heed: appended and handled by the engine; Emmett: the events its handler would have appended,
 * in bulk); then its last 10 signals are submitted and waited for, each customer's one after the
 * other, 16 customers at a time, and measured:
 *  - Heed: appended to `customer-<id>` (as ingest does), then handled by the engine's resident
 *    actor (persistent subscription, fold, outputs appended, ack); done when `process()` resolves;
 *  - Emmett: a command to its decider handler wrapping the same `step()` (emmett-lifecycle.ts): the
 *    customer's stream read and folded whole, the signal and its outputs appended in one append.
 * The sides alternate which goes first. CPU is this process's (each side's code, the client, the
 * producer) and the store's, per signal. Both sides use the one client `connectStore` opens, with
 * Heed's own encoding of reads and appends (ADR 0082, 0083): what differs is the design.
 */
async function peer(client: EventStoreDBClient, store: StoreProcess): Promise<void> {
  const customers = long ? 160 : 16;
  const measured = 10;
  const emmett = await emmettLifecycle(client, kind.definition);
  // One engine for the whole phase: a new group would start over from the first signal of the
  // category. It idles while Emmett runs (the peer's streams are outside the category).
  const engine = await startEngine(engineConfig(`peer-${randomUUID()}`), { client, kind, logger: false });
  const waiting = new Map<string, () => void>();
  const processInput = engine.runtime.process.bind(engine.runtime);
  engine.runtime.process = async (key, input) => {
    const result = await processInput(key, input);
    waiting.get(`${key}@${input.revision}`)?.();
    return result;
  };
  const handled = (customerId: string, revision: bigint): Promise<void> =>
    new Promise<void>((resolve) => waiting.set(`${customerId}@${revision}`, resolve));
  // Each customer's stream is written by this driver alone, a signal at a time: the revision a
  // signal lands at is known before it is appended, and waited for before it is.
  const revisions = new Map<string, bigint>();
  const heed = async (customerId: string, signal: CustomerSignal): Promise<void> => {
    const revision = revisions.get(customerId) ?? 0n;
    revisions.set(customerId, revision + 1n);
    const done = handled(customerId, revision);
    await client.appendToStream(customerStream(customerId), stored(signal), {
      expectedRevision: revision === 0n ? 'no_stream' : revision - 1n,
    });
    await done;
    waiting.delete(`${customerId}@${revision}`);
  };
  const peerSide = (customerId: string, signal: CustomerSignal): Promise<void> =>
    emmett(customerId, { type: signal.type, data: storedData(signal) });
  try {
    // Warm-up of both sides (compilation, the first connections), not measured.
    const warmUp = new Map(
      Array.from({ length: 16 }, () => {
        const id = `pw${randomUUID().slice(0, 8)}`;
        return [id, customerSignals(id, measured)] as const;
      }),
    );
    await drive(warmUp, 16, store.pid, heed);
    await drive(warmUp, 16, store.pid, peerSide);
    for (const [index, perCustomer] of [10, 100, 1_000].entries()) {
      const all = new Map(
        Array.from({ length: customers }, () => {
          const id = `pe${randomUUID().slice(0, 8)}`;
          return [id, customerSignals(id, perCustomer)] as const;
        }),
      );
      const history = perCustomer - measured;
      if (history > 0) {
        const started = performance.now();
        const done = [...all.keys()].map((id) => handled(id, BigInt(history - 1)));
        await appendAll(client, new Map([...all].map(([id, signals]) => [id, signals.slice(0, history)])));
        await Promise.all(done);
        for (const [id, signals] of all) {
          revisions.set(id, BigInt(history));
          const events = peerHistory(
            kind.definition,
            signals.slice(0, history).map((signal) => ({ type: signal.type, data: storedData(signal) })),
          );
          for (let from = 0; from < events.length; from += 500) {
            await client.appendToStream(
              peerStream(id),
              events
                .slice(from, from + 500)
                .map((e) => jsonEvent({ type: e.type, data: e.data, metadata: e.metadata ?? {} })),
            );
          }
        }
        console.log(
          `peer: histories of ${history} signals for ${customers} customers written in ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
      }
      const last = new Map([...all].map(([id, signals]) => [id, signals.slice(history)]));
      const inFlight = Math.min(16, customers);
      const total = customers * measured;
      const run = (side: 'heed' | 'emmett') => drive(last, inFlight, store.pid, side === 'heed' ? heed : peerSide);
      let h: PeerFigures;
      let e: PeerFigures;
      if (index % 2 === 0) {
        h = await run('heed');
        e = await run('emmett');
      } else {
        e = await run('emmett');
        h = await run('heed');
      }
      const line = (name: string, f: PeerFigures) =>
        `| ${name} | ${perCustomer} | ${total} | ${f.rate.toFixed(0)} | ${f.cpu.toFixed(0)} | ${f.storeCpu.toFixed(0)} | ${f.p50.toFixed(1)} | ${f.p99.toFixed(1)} |`;
      console.log(
        '| side | signals per customer | signals measured | signals/s | CPU µs/signal (this process) | store CPU µs/signal | p50 ms | p99 ms |',
      );
      console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
      console.log(line('Heed', h));
      console.log(line('Emmett', e));
      const what = `${perCustomer} signals per customer, last ${measured} of ${customers} customers, ${inFlight} at a time`;
      report({
        name: `side by side, Heed signals/s (${what})`,
        value: h.rate,
        unit: 'signals/s',
        limit: e.rate,
        limitName: 'Emmett, signals/s',
        goal: 'ahead of Emmett',
        met: h.rate > e.rate,
      });
      report({
        name: `side by side, Heed CPU per signal, this process + store (${what})`,
        value: h.cpu + h.storeCpu,
        unit: 'µs',
        limit: e.cpu + e.storeCpu,
        limitName: 'Emmett, CPU per signal, this process + store',
        goal: 'below Emmett',
        met: h.cpu + h.storeCpu < e.cpu + e.storeCpu,
      });
      report({
        name: `side by side, Heed p99 signal → outputs appended (${what})`,
        value: h.p99,
        unit: 'ms',
        limit: e.p99,
        limitName: 'Emmett, p99 command handled',
        goal: 'below Emmett',
        met: h.p99 < e.p99,
      });
    }
  } finally {
    await engine.stop();
  }
}

/**
 * A full garbage collection, whatever flags the process was started with: the heap measured after
 * it is what stays live, not what the collector has not reached yet.
 */
const collectGarbage = ((): (() => void) => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

function memoryPerCustomer(): void {
  const n = long ? 200_000 : 50_000;
  const held: unknown[] = [];
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  for (let c = 0; c < n; c++) {
    const id = `m${c}`;
    const signals = customerSignals(id, 12);
    held.push(fold(kind.definition, initialState(kind.definition, id), signals.map(asInput)));
  }
  collectGarbage();
  const perCustomer = (process.memoryUsage().heapUsed - before) / n;
  const perGiB = 1024 ** 3 / perCustomer;
  report({
    name: `resident customers per GiB of heap (${n} customers of 12 signals)`,
    value: perGiB,
    unit: 'customers/GiB',
    limit: 250_000,
    limitName: 'goal',
    goal: '>= 250,000',
    met: perGiB >= 250_000,
  });
  held.length = 0;
}

/**
 * RSS with many known customers under passivation: each customer gets a signal (and so outputs and
 * a resident state), with at most 10,000 resident; the RSS must stay flat however many are known.
 */
async function passivation(client: EventStoreDBClient): Promise<void> {
  const known = long ? 1_000_000 : 20_000;
  const runtime = new ActorRuntime({ client, definition: kind.definition, streams: kind.streams, maxResident: 10_000 });
  collectGarbage();
  const baseline = process.memoryUsage().rss;
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      for (let c = next++; c < known; c = next++) {
        const id = `pv${c}`;
        const signal = { ...productAdded('cart-1', 'p-1', day(0, '10:00')), customerId: id } as CustomerSignal;
        const appended = await client.appendToStream(customerStream(id), stored(signal));
        await runtime.process(id, {
          id: randomUUID(),
          type: signal.type,
          revision: appended.nextExpectedRevision,
          data: {
            customerId: id,
            occurredAt: signal.occurredAt,
            version: signal.version,
            properties: signal.properties,
          },
          metadata: {},
        });
        if (c % (known / 40) === 0) {
          const { rss, heapUsed } = process.memoryUsage();
          (series.memoryByCustomers ??= []).push({
            customers: c,
            heapMb: heapUsed / 1024 ** 2,
            rssMb: rss / 1024 ** 2,
          });
        }
      }
    }),
  );
  collectGarbage();
  const rss = process.memoryUsage().rss;
  console.log(
    `passivation: ${known} customers in ${((performance.now() - start) / 1000).toFixed(0)} s, ${runtime.residentCount} resident`,
  );
  report({
    name: `RSS with ${known.toLocaleString('en')} known customers, 10,000 resident`,
    value: rss / 1024 ** 2,
    unit: 'MiB',
    limit: baseline / 1024 ** 2,
    limitName: 'RSS before the phase',
    goal: '<= 2 GiB (with 1,000,000: --long)',
    met: rss <= 2 * 1024 ** 3,
  });
}

/** Runs a phase against a store of its own, so that no phase processes another's signals. */
async function withStore(
  dir: string,
  name: string,
  phase: (client: EventStoreDBClient, store: StoreProcess) => Promise<void>,
): Promise<void> {
  const store = await startStoreProcess(join(dir, name));
  const client = connectStore({ url: store.url });
  try {
    await phase(client, store);
  } finally {
    await client.dispose();
    await store.stop();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'heed-bench-engine-'));
  try {
    console.log(
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}${long ? ', --long' : ''}`,
    );
    if (!only || only === 'memory') memoryPerCustomer();
    if (!only || only === 'rehydration') await withStore(dir, 'rehydration', rehydration);
    if (!only || only === 'throughput') await withStore(dir, 'throughput', throughput);
    if (!only || only === 'catchup') await catchup(dir);
    if (!only || only === 'latency') await withStore(dir, 'latency', latency);
    if (!only || only === 'passivation') await withStore(dir, 'passivation', passivation);
    if (!only || only === 'peer') await withStore(dir, 'peer', peer);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(engineDataRoot, { recursive: true, force: true });
  }
  console.log(`load average at the end: ${loadavg()[0]!.toFixed(1)}`);
  console.log(JSON.stringify({ area: 'engine', figures, series }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
