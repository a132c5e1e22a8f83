import { FORWARDS, START, StreamNotFoundError, type EventStoreDBClient } from '@eventstore/db-client';
import type { SegmentCall } from '@heed/simulator';
import { randomUUID } from 'node:crypto';
import { ChaosCluster } from '../chaos-cluster';
import { settledBy } from '../engine-metrics';
import { checkInvariants, isClean, settledVerdict } from '../invariants';
import {
  acknowledgedEvents,
  populationCalls,
  probeTemplate,
  seconds,
  until,
  type RunSize,
  type Scenario,
  type ScenarioResult,
} from '../scenario';
import { SignalLoad } from '../signal-load';

const SIZES = {
  test: { customers: 40, weeks: 2, rate: 400 },
  default: { customers: 300, weeks: 6, rate: 400 },
  long: { customers: 1_000, weeks: 8, rate: 500 },
} as const;

const MAX_RETRIES = 3;
const DEFECTIVE_ENGINE = 'test/chaos/poisoned-engine.ts';
/** The defect's message (test/chaos/poisoned-engine.ts); the park record must carry it. */
const POISON_REASON = 'churn score is not finite';
const INPUTS = '$ce-customer';

/** A parked message as the group's parked stream records it: the event, and the reason. */
interface Parked {
  readonly stream: string;
  readonly reason: string;
}

async function parkedOf(client: EventStoreDBClient, group: string): Promise<Parked[]> {
  const parked: Parked[] = [];
  try {
    for await (const { event, link } of client.readStream(`$persistentsubscription-${INPUTS}::${group}-parked`, {
      direction: FORWARDS,
      fromRevision: START,
      resolveLinkTos: true,
    })) {
      const raw = link?.metadata ?? event?.metadata;
      const metadata = (raw instanceof Uint8Array ? JSON.parse(Buffer.from(raw).toString('utf8')) : (raw ?? {})) as {
        reason?: unknown;
      };
      const reason = typeof metadata.reason === 'string' ? metadata.reason : JSON.stringify(metadata.reason ?? '');
      parked.push({ stream: event?.streamId ?? '?', reason });
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return parked;
}

const parkedCount = async (client: EventStoreDBClient, group: string): Promise<number> =>
  Number((await client.getPersistentSubscriptionToStreamInfo(INPUTS, group)).stats.parkedMessageCount);

/**
 * 5. A poison signal. A machine that throws inside its transition does not park: `step` rejects
 * the input on the record (`InputRejected`), since it fails the same on every replay. What parks is
 * a failure outside the pure fold; here a defective engine build whose churn scoring (the
 * definition's `scores`, run for each state change) throws for one customer — the engine is the
 * production one otherwise (test/chaos/poisoned-engine.ts). That customer's signals must be parked
 * after `HEED_ENGINE_MAX_RETRIES` attempts with the error as the reason while every other customer
 * is processed in full; after the fix (the real engine) a replay of the parked messages must
 * process them once.
 */
export const poisonSignal: Scenario = {
  id: 5,
  name: 'poison signal parked, replayed after the fix',
  async run(size: RunSize): Promise<ScenarioResult> {
    const { customers, weeks, rate } = SIZES[size];
    const poisoned = `poison-${randomUUID().slice(0, 12)}`;
    const cluster = await ChaosCluster.start({ engines: 0 });
    try {
      const defective = await cluster.startEngine(
        0,
        {
          HEED_ENGINE_MAX_RETRIES: String(MAX_RETRIES),
          HEED_TIMER_QUIET_MS: '2000',
          CHAOS_POISONED_CUSTOMERS: poisoned,
        },
        DEFECTIVE_ENGINE,
      );
      const calls = populationCalls(5, customers, weeks);
      const template = probeTemplate(calls);
      const poison: SegmentCall[] = [
        { ...template, userId: poisoned, messageId: `${poisoned}-1` },
        {
          ...(calls.find((c) => c.event !== template.event) ?? template),
          userId: poisoned,
          messageId: `${poisoned}-2`,
        },
      ];
      const load = new SignalLoad(() => cluster.ingest.url, { rate, concurrency: 4 });
      // The poison goes in after the first tenth of the population, so signals queue behind it.
      const cut = Math.floor(calls.length / 10);
      await load.send(calls.slice(0, cut));
      await load.post(poison);
      await load.send(calls.slice(cut));

      const notes: string[] = [];
      const others = [...new Set(calls.map((c) => c.userId))];
      // Everyone else is processed in full while the defective build still runs.
      const othersVerdict = await settledVerdict(
        cluster.client,
        others,
        new Map([...acknowledgedEvents(load)].filter(([, customerId]) => customerId !== poisoned)),
        120_000,
      );
      const parkedAll = await until(async () => (await parkedOf(cluster.client, cluster.group)).length >= 1, 60_000);
      const parked = await parkedOf(cluster.client, cluster.group);
      const settled = await settledBy(defective);
      const poisonedBefore = await checkInvariants(cluster.client, [poisoned], new Map());
      const reasonsRight =
        parked.length > 0 &&
        parked.every((p) => p.stream === `customer-${poisoned}` && p.reason.includes(POISON_REASON));
      // Each parked signal was tried HEED_ENGINE_MAX_RETRIES times: once, then retried MAX_RETRIES - 1 times.
      const retriesRight =
        (settled['parked'] ?? 0) === parked.length && (settled['retried'] ?? 0) === parked.length * (MAX_RETRIES - 1);
      notes.push(
        `parked ${parked.length} signal(s) of ${poisoned} after ${MAX_RETRIES} attempts each ` +
          `(engine counted ${settled['retried'] ?? 0} retried, ${settled['parked'] ?? 0} parked); ` +
          `reason: ${parked[0]?.reason.replace(/\s+/g, ' ') ?? 'none'}`,
        `the other ${others.length} customers: ${isClean(othersVerdict) ? 'processed in full' : 'NOT clean'} ` +
          `while the poisoned customer had ${poisonedBefore.unprocessed} output(s) unwritten`,
      );

      // The fix: the real engine in place of the defective one, then the parked messages replayed.
      await defective.stop();
      const fixed = await cluster.startEngine(0, { HEED_ENGINE_MAX_RETRIES: String(MAX_RETRIES) });
      const replayedAt = performance.now();
      await cluster.client.replayParkedMessagesToStream(INPUTS, cluster.group);
      const replayed = await until(
        async () => (await checkInvariants(cluster.client, [poisoned], acknowledgedEvents(load))).unprocessed === 0,
        60_000,
        200,
      );
      const recovery = replayed ? performance.now() - replayedAt : undefined;
      const leftParked = await until(async () => (await parkedCount(cluster.client, cluster.group)) === 0, 30_000);
      const verdict = await settledVerdict(cluster.client, [...others, poisoned], acknowledgedEvents(load), 60_000);
      const afterFix = await settledBy(fixed);
      notes.push(
        `after the fix and the replay: ${afterFix['processed'] ?? 0} signal(s) handled, ` +
          `${afterFix['parked'] ?? 0} parked, parked count back to 0: ${leftParked}`,
      );
      const crashed = cluster.crashed();
      notes.push(...crashed, ...othersVerdict.problems, ...verdict.problems);
      return {
        scenario: '5. poison signal parked, replayed',
        events: verdict.events,
        faults: `1 poisoned customer, ${parked.length} parked`,
        lost: verdict.lost,
        duplicated: verdict.duplicated,
        recovery: seconds(recovery),
        passed:
          isClean(othersVerdict) &&
          isClean(verdict) &&
          parkedAll &&
          reasonsRight &&
          retriesRight &&
          poisonedBefore.unprocessed > 0 &&
          leftParked &&
          (afterFix['parked'] ?? 0) === 0 &&
          crashed.length === 0 &&
          load.stats.rejected.length === 0,
        notes,
        verdict,
      };
    } finally {
      await cluster.stop();
    }
  },
};
