import { FORWARDS, START, type EventStoreDBClient } from '@eventstore/db-client';
import { DAY, generatePopulation, messageIdOf, toSegmentCall, type SegmentCall } from '@heed/simulator';
import { randomUUID } from 'node:crypto';
import type { Verdict } from './invariants';
import type { SignalLoad } from './signal-load';

/** How big a run is: the short one inside `npm test`, the default of `npm run chaos`, or `--long`. */
export type RunSize = 'test' | 'default' | 'long';

/** One row of the chaos table, with what stands behind it. */
export interface ScenarioResult {
  readonly scenario: string;
  /** Acknowledged events the run checked. */
  readonly events: number;
  /** Faults injected (kills, outages, poisoned signals, overloaded seconds…), in words. */
  readonly faults: string;
  readonly lost: number;
  readonly duplicated: number;
  /** From the end of the (last) fault until a signal sent then had its outputs in the store. */
  readonly recovery: string;
  /** Whether every invariant held and the scenario's own expectations were met. */
  readonly passed: boolean;
  /** What the scenario measured besides, and anything that went wrong, in words. */
  readonly notes: readonly string[];
  readonly verdict?: Verdict;
  /** Set when the scenario cannot run here, with the reason. */
  readonly skipped?: string;
}

export interface Scenario {
  readonly id: number;
  readonly name: string;
  run(size: RunSize): Promise<ScenarioResult>;
}

/** Segment calls of a simulated population whose weeks end now (ingest refuses far-future times). */
export function populationCalls(seed: number, customers: number, weeks: number): SegmentCall[] {
  const end = Math.floor(Date.now() / 60_000) * 60_000;
  const population = generatePopulation({
    seed,
    customers,
    weeks,
    start: new Date(end - weeks * 7 * DAY).toISOString(),
    idPrefix: `chaos${seed}-${randomUUID().slice(0, 4)}-`,
  });
  return population.signals.map((signal, index) => toSegmentCall(signal, messageIdOf(signal, index)));
}

/** The event ids ingest acknowledged, with their customers, as the checker takes them. */
export const acknowledgedEvents = (load: SignalLoad): Map<string, string> =>
  new Map([...load.acknowledged.values()].map(({ eventId, customerId }) => [eventId, customerId]));

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `condition` every `everyMs` until it holds (errors count as "not yet"); false after
 * `timeoutMs`, or as soon as `hopeless` says it never will.
 */
export async function until(
  condition: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 100,
  hopeless: () => boolean = () => false,
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await condition().catch(() => false)) return true;
    if (performance.now() > deadline || hopeless()) return false;
    await pause(everyMs);
  }
}

async function hasOutputs(client: EventStoreDBClient, stream: string): Promise<boolean> {
  let found = false;
  // Read to the end (of one event): leaving a read early keeps the client from disposing.
  for await (const _ of client.readStream(stream, { direction: FORWARDS, fromRevision: START, maxCount: 1 }))
    found = true;
  return found;
}

/**
 * End to end through the faults: sends one signal of a new customer through ingest (retried as a
 * producer would) and waits until the engine has written its outputs. Resolves with the time since
 * `since` (performance.now()), or undefined when nothing came within `timeoutMs` (2 minutes), or
 * once `hopeless` says nothing will (a process the recovery needs has exited). A signal enters the
 * subscription behind every signal stored before it, so this is also the time to catch up.
 */
export async function probe(
  client: EventStoreDBClient,
  load: SignalLoad,
  template: SegmentCall,
  since: number,
  { timeoutMs = 120_000, hopeless }: { timeoutMs?: number; hopeless?: () => boolean } = {},
): Promise<number | undefined> {
  const customerId = `probe-${randomUUID().slice(0, 12)}`;
  await load.post([{ ...template, userId: customerId, messageId: `${customerId}-m` }]);
  const arrived = await until(() => hasOutputs(client, `lifecycle-${customerId}`), timeoutMs, 100, hopeless);
  return arrived ? performance.now() - since : undefined;
}

/** The first `SignedUp` call (a new customer's first output is certain), else the first call. */
export const probeTemplate = (calls: readonly SegmentCall[]): SegmentCall =>
  calls.find((c) => c.event === 'Signed Up') ?? calls[0]!;

export const seconds = (ms: number | undefined): string => (ms === undefined ? 'none' : `${(ms / 1000).toFixed(1)} s`);

/** "median x s, max y s" of several recoveries; "none" when one never happened. */
export function recoveries(times: ReadonlyArray<number | undefined>): string {
  if (times.length === 0) return '–';
  if (times.some((t) => t === undefined)) return 'did not recover';
  const sorted = (times as number[]).slice().sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return times.length === 1 ? seconds(median) : `median ${seconds(median)}, max ${seconds(sorted.at(-1))}`;
}
