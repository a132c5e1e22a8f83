import { jsonEvent } from '@eventstore/db-client';
import { TIMER_FIRED, deterministicUuid } from '@heed/actors';
import type { CustomerSignal } from '@heed/domain';
import { customerStream } from '@heed/event-store';
import { SeededRandom, generatePopulation, type Population } from '@heed/simulator';
import fc from 'fast-check';
import { EngineHarness } from './engine-harness';

// The central property of time from events: the same signals give every customer the same outputs
// (types, data, order, ids) however they are delivered: live in simulated real time, all at once,
// live with the engine down for a while, or in batches of random size with the wall clock racing
// the engine's backlog.

type Delivery = 'live' | 'burst' | 'downtime' | 'batches';

interface Output {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
}

interface Delivered {
  readonly outputs: ReadonlyMap<string, readonly Output[]>;
  /** `TimerFired` inputs the wall clock appended, over all customers. */
  readonly wallClockFirings: number;
}

/** Ids of the signals, the same in every delivery (as ingest derives them from message ids). */
const signalId = (seed: number, index: number): string => deterministicUuid(`delivery:${seed}:${index}`);

async function appendSignal(h: EngineHarness, signal: CustomerSignal, id: string): Promise<void> {
  const { customerId, occurredAt, version, properties } = signal;
  await h.client.appendToStream(
    customerStream(customerId),
    jsonEvent({ id, type: signal.type, data: { customerId, occurredAt, version, properties } }),
  );
}

/** Folds every customer to the end of its stream; then fires what the wall clock has due, until nothing is. */
async function finish(h: EngineHarness, population: Population, now: number): Promise<void> {
  h.now = now;
  const runtime = h.engines.at(-1)!.runtime;
  for (let round = 0; round < 20; round++) {
    const states = await Promise.all(population.customers.map((c) => runtime.state(c.customerId)));
    const due = states.some((s) => Object.values(s.timers).some((t) => Date.parse(t.dueAt) <= now));
    if (!due) return;
    await h.engines.at(-1)!.timers.tick();
  }
  throw new Error('timers still due after 20 ticks');
}

async function deliver(population: Population, mode: Delivery, random: () => number): Promise<Delivered> {
  const h = await EngineHarness.start();
  try {
    h.now = population.window.start;
    await h.startEngine();
    const { signals } = population;
    const seed = population.options.seed;
    const tickAt = async (time: number) => {
      h.now = Math.max(h.now, time);
      await h.engines.at(-1)!.timers.tick();
    };
    if (mode === 'burst') {
      for (const [i, s] of signals.entries()) await appendSignal(h, s, signalId(seed, i));
    } else if (mode === 'batches') {
      for (let i = 0; i < signals.length;) {
        const end = Math.min(signals.length, i + 1 + Math.floor(random() * 60));
        for (; i < end; i++) await appendSignal(h, signals[i]!, signalId(seed, i));
        // The wall clock reaches the batch's last signal while the engine may still be folding it.
        await tickAt(Date.parse(signals[end - 1]!.occurredAt));
      }
    } else {
      const down = mode === 'downtime' ? Math.floor(random() * signals.length * 0.8) : -1;
      const up = down + 1 + Math.floor(random() * signals.length * 0.5);
      for (const [i, s] of signals.entries()) {
        const time = Date.parse(s.occurredAt);
        if (i === down) await h.engines.pop()!.stop();
        if (i === up) await h.startEngine();
        const running = h.engines.length > 0;
        // Live: the wall clock reaches the signal's time (firing what came due before it), then it arrives.
        if (running) await tickAt(time);
        else h.now = time;
        await appendSignal(h, s, signalId(seed, i));
        if (running) await h.engines.at(-1)!.runtime.state(s.customerId);
      }
      if (h.engines.length === 0) await h.startEngine();
    }
    await finish(h, population, population.window.end);

    const outputs = new Map<string, Output[]>();
    let wallClockFirings = 0;
    for (const { customerId } of population.customers) {
      const events = await h.read(`lifecycle-${customerId}`);
      outputs.set(
        customerId,
        events.map(({ event }) => ({ id: event!.id, type: event!.type, data: event!.data })),
      );
      wallClockFirings += (await h.types(customerStream(customerId))).filter((t) => t === TIMER_FIRED).length;
    }
    return { outputs, wallClockFirings };
  } finally {
    await h.stop();
  }
}

/** Outputs that a timer caused (state changes whose cause is a timer), over all customers. */
const timerCaused = (delivered: Delivered): number =>
  [...delivered.outputs.values()]
    .flat()
    .filter((o) => (o.data as { cause?: { type?: string } }).cause?.type === TIMER_FIRED).length;

describe('the same history gives the same decisions, however it is delivered (property)', () => {
  it('live, burst, downtime and random batches write identical outputs for every customer', async () => {
    let timerCausedOutputs = 0;
    let wallClockFirings = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), fc.integer(), async (seed, choices) => {
        const population = generatePopulation({ seed, customers: 10, weeks: 3 });
        const seeded = new SeededRandom(choices);
        const random = () => seeded.next();
        const live = await deliver(population, 'live', random);
        wallClockFirings += live.wallClockFirings;
        timerCausedOutputs += timerCaused(live);
        for (const mode of ['burst', 'downtime', 'batches'] as const) {
          const other = await deliver(population, mode, random);
          for (const { customerId } of population.customers) {
            expect({ mode, customerId, outputs: other.outputs.get(customerId) }).toEqual({
              mode,
              customerId,
              outputs: live.outputs.get(customerId),
            });
          }
        }
      }),
      { numRuns: 3, seed: 20261205 },
    );
    // Not vacuous over the runs (one small population may have no timer come due): timers came due,
    // the wall clock fired some of them live, and some changed a customer's state.
    expect(wallClockFirings).toBeGreaterThan(0);
    expect(timerCausedOutputs).toBeGreaterThan(0);
  }, 300_000);
});
