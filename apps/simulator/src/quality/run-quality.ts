import { BACKWARDS, END, StreamNotFoundError, type EventStoreDBClient } from '@eventstore/db-client';
import type { CustomerSignal, LifecycleConfig } from '@heed/domain';
import {
  HOUR,
  measureDetectionQuality,
  toSegmentCall,
  type CardholderTruth,
  type DetectionQuality,
  type ObservedDecisions,
  type Population,
} from '@heed/simulator';
import { SingleBar, Presets } from 'cli-progress';
import { postBatch } from '../send/ingest-client';
import { replyToVerification } from './cardholder-replies';
import { startInProcessHeed, type InProcessHeed } from './in-process-heed';
import { decisionsOf, readLifecycle } from './read-decisions';

/** How a quality run steps through simulated time. */
export type QualityRunOptions = Readonly<{
  /** Lifecycle configuration override for the engine's machine (tuning). */
  lifecycle?: Partial<LifecycleConfig>;
  /** Longest step of simulated time between two ticks of the timer wheel. Default 6 hours. */
  maxStepMs?: number;
  progress?: boolean;
}>;

/** A run's figures and what it took. */
export type QualityRun = Readonly<{
  quality: DetectionQuality;
  decisions: ReadonlyMap<string, ObservedDecisions>;
  signalsSent: number;
  replies: number;
  steps: number;
  timersFired: number;
  seconds: number;
}>;

/**
 * Runs a population through a whole in-process Heed (ingest → store → engine) in simulated time,
 * and measures its decisions against the ground truth.
 *
 * Simulated time advances in steps. Each step sends the signals before its end (through ingest's
 * `/v1/batch`), waits until the engine has folded them, then moves the timer wheel's wall clock to
 * the step's end and ticks it, and waits for the fired timers to be folded too. A step never
 * crosses a pending timer's due time, so a delay fires between the same signals as it would live.
 */
export async function runQuality(population: Population, options: QualityRunOptions = {}): Promise<QualityRun> {
  const started = performance.now();
  const heed = await startInProcessHeed(options.lifecycle);
  try {
    return await new QualityLoop(heed, population, options).run(started);
  } finally {
    await heed.stop();
  }
}

class QualityLoop {
  /** Revision of each customer's input stream that the engine must have folded. */
  private readonly expected = new Map<string, bigint>();
  /** Due times of each customer's pending timers, as of its last folded state. */
  private readonly timers = new Map<string, number[]>();
  /** How far each cardholder's lifecycle stream was read for verification requests. */
  private readonly readUpTo = new Map<string, bigint>();
  private readonly cardholders = new Map<string, CardholderTruth>();
  /** Replies not sent yet, in time order. */
  private readonly replies: CustomerSignal[] = [];
  private sent = 0;
  private replyCount = 0;
  private steps = 0;
  private fired = 0;

  constructor(
    private readonly heed: InProcessHeed,
    private readonly population: Population,
    private readonly options: QualityRunOptions,
  ) {
    for (const c of population.customers)
      if (c.truth.kind === 'cardholder') this.cardholders.set(c.customerId, c.truth);
  }

  async run(started: number): Promise<QualityRun> {
    const { signals, window } = this.population;
    const maxStep = this.options.maxStepMs ?? 6 * HOUR;
    const bar = this.options.progress
      ? new SingleBar(
          { format: 'simulating [{bar}] {percentage}% | day {day} | {value}/{total} signals' },
          Presets.shades_classic,
        )
      : undefined;
    bar?.start(signals.length, 0, { day: 0 });
    let now = window.start;
    this.heed.now = now;
    let next = 0;
    while (next < signals.length || this.replies.length > 0 || this.nextTimer() <= window.end) {
      const bound = Math.min(now + maxStep, this.nextTimer(), window.end + 1);
      const batch: CustomerSignal[] = [];
      while (next < signals.length && Date.parse(signals[next]!.occurredAt) < bound) batch.push(signals[next++]!);
      while (this.replies.length > 0 && Date.parse(this.replies[0]!.occurredAt) < bound)
        batch.push(this.replies.shift()!);
      batch.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
      await this.send(batch);
      await this.settle(new Set(batch.map((s) => s.customerId)));
      now = Math.max(now, bound);
      this.heed.now = now;
      const due = [...this.timers].filter(([, dues]) => dues.some((d) => d <= now)).map(([id]) => id);
      if (due.length > 0) {
        this.fired += await this.heed.engine.timers.tick();
        for (const id of due) this.expected.set(id, await lastRevision(this.heed.client, `customer-${id}`));
        await this.settle(new Set(due));
      }
      this.steps++;
      bar?.update(next, { day: Math.floor((now - window.start) / (24 * HOUR)) });
      if (next >= signals.length && this.replies.length === 0 && now >= window.end) break;
    }
    bar?.stop();
    const decisions = new Map<string, ObservedDecisions>();
    for (const { customerId } of this.population.customers) {
      decisions.set(customerId, decisionsOf(customerId, await readLifecycle(this.heed.client, customerId)));
    }
    return {
      quality: measureDetectionQuality(this.population.customers, decisions),
      decisions,
      signalsSent: this.sent,
      replies: this.replyCount,
      steps: this.steps,
      timersFired: this.fired,
      seconds: (performance.now() - started) / 1000,
    };
  }

  private nextTimer(): number {
    let min = Number.POSITIVE_INFINITY;
    for (const dues of this.timers.values()) for (const d of dues) if (d < min) min = d;
    return min;
  }

  private async send(batch: readonly CustomerSignal[]): Promise<void> {
    for (let i = 0; i < batch.length; i += 500) {
      const chunk = batch.slice(i, i + 500);
      const calls = chunk.map((s, j) =>
        toSegmentCall(s, `${s.customerId}-${s.type}-${Date.parse(s.occurredAt)}-${this.sent + j}`),
      );
      const results = await postBatch({ url: this.heed.ingestUrl, writeKey: this.heed.writeKey }, calls);
      results.forEach((result, j) => {
        const customerId = chunk[j]!.customerId;
        if (result.status !== 'accepted')
          throw new Error(`ingest did not accept ${result.messageId}: ${result.status} ${result.code ?? ''}`);
        this.expected.set(customerId, (this.expected.get(customerId) ?? -1n) + 1n);
      });
      this.sent += chunk.length;
    }
  }

  /** Waits until the engine has folded every expected input of these customers; collects timers and replies. */
  private async settle(customers: ReadonlySet<string>): Promise<void> {
    const runtime = this.heed.engine.runtime;
    await Promise.all(
      [...customers].map(async (id) => {
        const target = this.expected.get(id) ?? -1n;
        for (let wait = 1; ; wait = Math.min(wait * 2, 20)) {
          const state = await runtime.state(id);
          if (state.inputRevision >= target) {
            this.timers.set(
              id,
              Object.values(state.timers).map((t) => Date.parse(t.dueAt)),
            );
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }),
    );
    for (const id of customers) {
      const truth = this.cardholders.get(id);
      if (truth === undefined) continue;
      const from = this.readUpTo.get(id);
      const outputs = await readLifecycle(this.heed.client, id, from === undefined ? undefined : from + 1n);
      for (const output of outputs) {
        this.readUpTo.set(id, output.revision);
        if (output.type !== 'FraudVerificationSmsRequested') continue;
        const { requestedAt, data } = output.data as { requestedAt: string; data: { transactionId: string } };
        const reply = replyToVerification(truth, id, data.transactionId, requestedAt, this.population.options.seed);
        // A reply due before the current step's end goes out now: signals already sent cannot be reordered.
        const at = Math.max(Date.parse(reply.occurredAt), this.heed.now);
        this.replies.push({ ...reply, occurredAt: new Date(at).toISOString() });
        this.replyCount++;
      }
    }
    this.replies.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  }
}

async function lastRevision(client: EventStoreDBClient, stream: string): Promise<bigint> {
  let revision = -1n;
  try {
    // Read to the end rather than return from inside the loop: an abandoned read keeps the client from disposing.
    for await (const { event } of client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
      if (event !== undefined) revision = event.revision;
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return revision;
}
