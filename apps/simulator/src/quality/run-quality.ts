import { BACKWARDS, END, StreamNotFoundError, type EventStoreDBClient } from '@eventstore/db-client';
import type { CustomerSignal, LifecycleConfig } from '@heed/domain';
import {
  HOUR,
  measureDetectionQuality,
  reactToCommand,
  toSegmentCall,
  type CardholderTruth,
  type GroundTruth,
  type DetectionQuality,
  type ObservedDecisions,
  type Population,
} from '@heed/simulator';
import { SingleBar, Presets } from 'cli-progress';
import { postBatch } from '../send/ingest-client';
import { attributeOutcomes, type OutcomeReport } from '../../../connect/src/outcomes/attribute-outcomes';
import { readCustomerRecords } from '../../../connect/src/outcomes/read-customer-records';
import { replyToVerification } from './cardholder-replies';
import { CUSTOMER_COMMANDS, FeedbackChannel, FRAUD_COMMANDS } from './feedback-channel';
import { foldQuality } from './fold-quality';
import { startInProcessHeed, type InProcessHeed } from './in-process-heed';
import { decisionsOf, readLifecycle, type LifecycleOutput } from './read-decisions';

/** How the history reaches Heed: stepped through simulated time, or all of it as fast as it goes. */
export const deliveries = ['simulated', 'burst'] as const;
export type Delivery = (typeof deliveries)[number];

/** How a quality run steps through simulated time. */
export type QualityRunOptions = Readonly<{
  /** Lifecycle configuration override for the engine's machine (tuning). */
  lifecycle?: Partial<LifecycleConfig>;
  /** Default `simulated`. */
  delivery?: Delivery;
  /** Longest step of simulated time between two ticks of the timer wheel (simulated delivery). Default 6 hours. */
  maxStepMs?: number;
  progress?: boolean;
  /**
   * Close the loop (simulated delivery only): a real connect delivers the commands to the simulated
   * customers, who react to what reaches them (`reactToCommand`); `holdout` of them get no customer
   * command (the control group). The run ends with the outcomes report (`npm run outcomes`).
   */
  feedback?: Readonly<{ holdout: number; windowDays?: number }>;
}>;

/** A run's figures and what it took. */
export type QualityRun = Readonly<{
  delivery: Delivery;
  quality: DetectionQuality;
  decisions: ReadonlyMap<string, ObservedDecisions>;
  signalsSent: number;
  replies: number;
  /** Steps of simulated time; in a burst, requests to ingest and ticks after the last one. */
  steps: number;
  timersFired: number;
  seconds: number;
  /** With `feedback`: the customers' reactions to commands that reached them, and the outcomes report. */
  feedback?: Readonly<{ reactions: number; outcomes: OutcomeReport }>;
}>;

/**
 * Runs a population through a whole in-process Heed (ingest → store → engine) in simulated time,
 * and measures its decisions against the ground truth.
 *
 * Simulated time advances in steps. Each step sends the signals before its end (through ingest's
 * `/v1/batch`), waits until the engine has folded them, then moves the timer wheel's wall clock to
 * the step's end and ticks it, and waits for the fired timers to be folded too. A step never
 * crosses a pending timer's due time, so a delay fires between the same signals as it would live.
 *
 * A `burst` delivery sends the whole history (signals and the cardholders' replies of the in-memory
 * fold) in event-time order as fast as ingest takes it, ticking the wheel at the frontier of what
 * was sent after every request without waiting for the engine: wall-clock firings race the backlog.
 * Timers work in event time, so the decisions must be the simulated run's.
 */
export async function runQuality(population: Population, options: QualityRunOptions = {}): Promise<QualityRun> {
  const started = performance.now();
  const { replySignals } = foldQuality(population, options.lifecycle ?? {});
  if (options.feedback !== undefined && options.delivery === 'burst')
    throw new Error('feedback needs the simulated delivery: customers react to what the running system sends');
  const heed = await startInProcessHeed(options.lifecycle);
  let channel: FeedbackChannel | undefined;
  try {
    if (options.feedback !== undefined) channel = await FeedbackChannel.start(heed.client, options.feedback.holdout);
    const loop = new QualityLoop(heed, population, options, channel);
    if (options.delivery === 'burst') return await loop.burst(burstHistory(population, replySignals), started);
    const run = await loop.run(started, replySignals);
    return channel === undefined ? run : { ...run, feedback: await loop.feedback(options.feedback?.windowDays) };
  } finally {
    await channel?.stop();
    await heed.stop();
  }
}

/**
 * What a burst sends: the population's signals and the replies the cardholders gave in the
 * in-memory fold, in event-time order. The replies cannot come from the running system in time;
 * the fold answers the same SMS. At the same instant a signal goes before a reply, as the fold
 * takes them.
 */
export function burstHistory(population: Population, replySignals: readonly CustomerSignal[]): CustomerSignal[] {
  return [...population.signals, ...replySignals].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
}

const CHUNK = 500;

class QualityLoop {
  /** Revision of each customer's input stream that the engine must have folded. */
  private readonly expected = new Map<string, bigint>();
  /** Due times of each customer's pending timers, as of its last folded state. */
  private readonly timers = new Map<string, number[]>();
  /** How far each cardholder's lifecycle stream was read for verification requests. */
  private readonly readUpTo = new Map<string, bigint>();
  /** Cardholders who answer the running system's SMS (none in a burst: its history holds the replies). */
  private readonly cardholders = new Map<string, CardholderTruth>();
  /** Replies not sent yet, in time order. */
  private readonly replies: CustomerSignal[] = [];
  /** With feedback: every customer's truth, the commands routed to connect, the reactions sent. */
  private readonly truths = new Map<string, GroundTruth>();
  private readonly routed: Array<Readonly<{ id: string; customerId: string }>> = [];
  private reactions = 0;
  private sent = 0;
  private replyCount = 0;
  private steps = 0;
  private fired = 0;

  constructor(
    private readonly heed: InProcessHeed,
    private readonly population: Population,
    private readonly options: QualityRunOptions,
    private readonly channel?: FeedbackChannel,
  ) {
    if (options.delivery === 'burst') return;
    if (channel !== undefined) for (const c of population.customers) this.truths.set(c.customerId, c.truth);
    for (const c of population.customers)
      if (c.truth.kind === 'cardholder') this.cardholders.set(c.customerId, c.truth);
  }

  /**
   * `expectedReplies`: the replies of the in-memory fold. A step ends at each of their instants, so
   * that a reply to an SMS of the step is sent before the cardholder's later signals, as it happened
   * (the replies themselves come from the running system's SMS).
   */
  async run(started: number, expectedReplies: readonly CustomerSignal[]): Promise<QualityRun> {
    const { signals, window } = this.population;
    const maxStep = this.options.maxStepMs ?? 6 * HOUR;
    const bar = this.progressBar('simulating', signals.length);
    const replyTimes = expectedReplies.map((r) => Date.parse(r.occurredAt)).sort((a, b) => a - b);
    let nextReply = 0;
    let now = window.start;
    this.heed.now = now;
    let next = 0;
    while (next < signals.length || this.replies.length > 0 || this.nextTimer() <= window.end) {
      while (nextReply < replyTimes.length && replyTimes[nextReply]! <= now) nextReply++;
      const bound = Math.min(
        now + maxStep,
        this.nextTimer(),
        window.end + 1,
        replyTimes[nextReply] ?? Number.POSITIVE_INFINITY,
        // A reaction goes out in the step of its instant, in order with the customer's signals.
        this.channel !== undefined && this.replies.length > 0
          ? Date.parse(this.replies[0]!.occurredAt) + 1
          : Number.POSITIVE_INFINITY,
      );
      const batch: CustomerSignal[] = [];
      while (next < signals.length && Date.parse(signals[next]!.occurredAt) < bound) batch.push(signals[next++]!);
      while (this.replies.length > 0 && Date.parse(this.replies[0]!.occurredAt) < bound)
        batch.push(this.replies.shift()!);
      batch.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
      await this.send(batch);
      await this.settle(new Set(batch.map((s) => s.customerId)));
      now = Math.max(now, bound);
      this.heed.now = now;
      await this.fireDue();
      this.steps++;
      bar?.update(next, { day: this.day(now) });
      if (next >= signals.length && this.replies.length === 0 && now >= window.end) break;
    }
    bar?.stop();
    return this.result('simulated', started);
  }

  /**
   * Sends the history in requests of `CHUNK`, one at a time, and after each moves the wall clock to
   * the latest instant sent and ticks the wheel without waiting for the engine. Then waits for the
   * engine to fold every input stream to its end and fires what is due by the window's end.
   */
  async burst(history: readonly CustomerSignal[], started: number): Promise<QualityRun> {
    const { window, customers } = this.population;
    const bar = this.progressBar('bursting', history.length);
    this.replyCount = history.length - this.population.signals.length;
    this.heed.now = window.start;
    for (let i = 0; i < history.length; i += CHUNK) {
      const chunk = history.slice(i, i + CHUNK);
      await this.send(chunk);
      // The history is in time order: the chunk's last signal is the frontier.
      this.heed.now = Math.max(this.heed.now, Date.parse(chunk.at(-1)!.occurredAt));
      this.fired += await this.heed.engine.timers.tick();
      this.steps++;
      bar?.update(i + chunk.length, { day: this.day(this.heed.now) });
    }
    bar?.stop();
    // The wheel appended `TimerFired` inputs of its own: fold every stream to its end, not just to the signals.
    for (const { customerId } of customers)
      this.expected.set(customerId, await lastRevision(this.heed.client, `customer-${customerId}`));
    await this.settle(new Set(customers.map((c) => c.customerId)));
    this.heed.now = window.end;
    // A fired timer can set another one due before the end.
    for (let due = await this.fireDue(); due.length > 0; due = await this.fireDue()) this.steps++;
    return this.result('burst', started);
  }

  /** Reads what the engine decided about each customer and measures it against the truth. */
  private async result(delivery: Delivery, started: number): Promise<QualityRun> {
    const decisions = new Map<string, ObservedDecisions>();
    for (const { customerId } of this.population.customers) {
      decisions.set(customerId, decisionsOf(customerId, await readLifecycle(this.heed.client, customerId)));
    }
    return {
      delivery,
      quality: measureDetectionQuality(this.population.customers, decisions),
      decisions,
      signalsSent: this.sent,
      replies: this.replyCount,
      steps: this.steps,
      timersFired: this.fired,
      seconds: (performance.now() - started) / 1000,
    };
  }

  private progressBar(doing: string, total: number): SingleBar | undefined {
    if (!this.options.progress) return undefined;
    const bar = new SingleBar(
      { format: `${doing} [{bar}] {percentage}% | day {day} | {value}/{total} signals` },
      Presets.shades_classic,
    );
    bar.start(total, 0, { day: 0 });
    return bar;
  }

  private day(now: number): number {
    return Math.floor((now - this.population.window.start) / (24 * HOUR));
  }

  private nextTimer(): number {
    let min = Number.POSITIVE_INFINITY;
    for (const dues of this.timers.values()) for (const d of dues) if (d < min) min = d;
    return min;
  }

  /**
   * Ticks the wheel if a customer has a timer due by the wall clock, and waits until the engine has
   * folded what it fired. Returns the customers whose timers were due.
   */
  private async fireDue(): Promise<string[]> {
    const now = this.heed.now;
    const due = [...this.timers].filter(([, dues]) => dues.some((d) => d <= now)).map(([id]) => id);
    if (due.length === 0) return due;
    const fired = await this.heed.engine.timers.tick();
    if (fired === 0)
      throw new Error(
        `timer wheel at ${new Date(now).toISOString()}: fired nothing, expected the due timers of ${due.join(', ')}`,
      );
    this.fired += fired;
    for (const id of due) this.expected.set(id, await lastRevision(this.heed.client, `customer-${id}`));
    await this.settle(new Set(due));
    return due;
  }

  private async send(batch: readonly CustomerSignal[]): Promise<void> {
    for (let i = 0; i < batch.length; i += CHUNK) {
      const chunk = batch.slice(i, i + CHUNK);
      const calls = chunk.map((s, j) =>
        toSegmentCall(s, `${s.customerId}-${s.type}-${Date.parse(s.occurredAt)}-${this.sent + j}`),
      );
      const results = await postBatch({ url: this.heed.ingestUrl, writeKey: this.heed.writeKey }, calls);
      results.forEach((result, j) => {
        const customerId = chunk[j]!.customerId;
        // Message ids are unique within a run: a duplicate is this request's own earlier attempt,
        // written before a store outage answer made postBatch retry it.
        if (result.status !== 'accepted' && result.status !== 'duplicate')
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
      const reacting = this.truths.get(id);
      if (truth === undefined && reacting === undefined) continue;
      const from = this.readUpTo.get(id);
      const outputs = await readLifecycle(this.heed.client, id, from === undefined ? undefined : from + 1n);
      for (const output of outputs) {
        this.readUpTo.set(id, output.revision);
        if (reacting !== undefined && output.type.endsWith('Requested')) await this.react(id, reacting, output);
        if (truth === undefined || output.type !== 'FraudVerificationSmsRequested') continue;
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

  /** A customer's reaction to a command, if it reached them through connect; queued like the replies. */
  private async react(customerId: string, truth: GroundTruth, output: LifecycleOutput): Promise<void> {
    const channel = this.channel!;
    if ([...CUSTOMER_COMMANDS, ...FRAUD_COMMANDS].includes(output.type as never))
      this.routed.push({ id: output.id, customerId });
    const received = await channel.reached(output.id, output.type, customerId);
    if (received === undefined) return;
    const command = { type: received.type, customerId, requestedAt: received.requestedAt, data: received.data };
    for (const signal of reactToCommand(truth, command, this.population.options.seed)) {
      // A reaction due before the current step's end goes out now: signals already sent cannot be reordered.
      const at = Math.max(Date.parse(signal.occurredAt), this.heed.now);
      this.replies.push({ ...signal, occurredAt: new Date(at).toISOString() });
      this.reactions++;
    }
  }

  /** Once connect has an outcome for every command routed to it: the outcomes report, as `npm run outcomes` reads it. */
  async feedback(windowDays = 14): Promise<Readonly<{ reactions: number; outcomes: OutcomeReport }>> {
    await this.channel!.settled(this.routed);
    const outcomes = attributeOutcomes(await readCustomerRecords(this.heed.client), windowDays);
    return { reactions: this.reactions, outcomes };
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
