import { ChaosCluster } from '../chaos-cluster';
import { settledBy } from '../engine-metrics';
import { isClean, settledVerdict } from '../invariants';
import {
  acknowledgedEvents,
  populationCalls,
  probe,
  probeTemplate,
  recoveries,
  type RunSize,
  type Scenario,
  type ScenarioResult,
  until,
} from '../scenario';
import { SignalLoad } from '../signal-load';

/** `working`: signals each replica must have processed before the kill, and the survivors before the join. */
const SIZES = {
  test: { customers: 100, weeks: 3, rate: 300, working: 150 },
  default: { customers: 300, weeks: 6, rate: 400, working: 500 },
  long: { customers: 1_000, weeks: 8, rate: 500, working: 3_000 },
} as const;

/** Signals processed by each replica in `slots`, from their metrics. */
const processed = (cluster: ChaosCluster, slots: readonly number[]): Promise<number[]> =>
  Promise.all(slots.map(async (slot) => (await settledBy(cluster.engines[slot]!))['processed'] ?? 0));

/**
 * 3. Three engine replicas share the Pinned persistent-subscription group while ingest is fed; one
 * is killed with `kill -9` and not restarted, later a fourth joins. The dead replica's customers
 * must move to the others (its unacknowledged signals come back to them), the newcomer must take
 * customers over, and afterwards nothing is lost or doubled and each customer's outputs keep the
 * order of its signals (`outOfOrder` of the verdict).
 */
export const engineReplicas: Scenario = {
  id: 3,
  name: 'engine replicas: one killed, one joins',
  async run(size: RunSize): Promise<ScenarioResult> {
    const { customers, weeks, rate, working } = SIZES[size];
    const cluster = await ChaosCluster.start({ engines: 3, engineEnv: { HEED_TIMER_QUIET_MS: '2000' } });
    try {
      const calls = populationCalls(3, customers, weeks);
      const load = new SignalLoad(() => cluster.ingest.url, { rate, concurrency: 4 });
      const feeding = load.send(calls);
      const times: Array<number | undefined> = [];
      const notes: string[] = [];

      // Killed once every replica is at work: each holds customers, and signals in flight.
      await until(async () => (await processed(cluster, [0, 1, 2])).every((n) => n >= working), 120_000, 500);
      // The victim is the busiest replica: the customers pinned to it are the ones that must move.
      const before = await processed(cluster, [0, 1, 2]);
      const victimSlot = before.indexOf(Math.max(...before));
      const victim = cluster.engines[victimSlot]!;
      const victimProcessed = before[victimSlot]!;
      const killedAt = performance.now();
      await victim.kill9();
      // Left dead: its slot must not count as a crash of its own.
      cluster.engines[victimSlot] = undefined;
      times.push(await probe(cluster.client, load, probeTemplate(calls), killedAt));

      const survivors = [0, 1, 2].filter((slot) => slot !== victimSlot);
      // The newcomer joins once the survivors have taken over a share of the work.
      const atKill = await processed(cluster, survivors);
      await until(
        async () => (await processed(cluster, survivors)).every((n, i) => n >= atKill[i]! + working / 2),
        120_000,
        500,
      );
      // Its recovery counts from when it is up (subscribed): its start is a start like any other.
      const newcomer = await cluster.startEngine(3);
      const joinedAt = performance.now();
      times.push(await probe(cluster.client, load, probeTemplate(calls), joinedAt));
      if (load.acknowledged.size >= calls.length) notes.push('the load ended before the new replica joined');

      await feeding;
      const verdict = await settledVerdict(cluster.client, [], acknowledgedEvents(load), 120_000);
      const counts = await Promise.all(
        [...survivors, 3].map(async (slot) => (await settledBy(cluster.engines[slot]!))['processed'] ?? 0),
      );
      const newcomerProcessed = counts[2]!;
      const crashed = cluster.crashed();
      notes.push(
        `signals processed at the kill: ${before.join(', ')} (replica ${victimSlot} killed); at the end: ` +
          `survivors ${survivors.map((slot, i) => `${counts[i]!} (${before[slot]!} before)`).join(' and ')}, ` +
          `the replica that joined ${newcomerProcessed}`,
        `recoveries: after the kill, after the join (${newcomer.url})`,
        ...crashed,
        ...verdict.problems,
      );
      return {
        scenario: '3. engine replicas: one killed, one joins',
        events: verdict.events,
        faults: '3 replicas, 1 × kill -9, 1 joins',
        lost: verdict.lost,
        duplicated: verdict.duplicated,
        recovery: recoveries(times),
        passed:
          isClean(verdict) &&
          crashed.length === 0 &&
          load.stats.rejected.length === 0 &&
          !times.includes(undefined) &&
          victimProcessed > 0 &&
          survivors.every((slot, i) => counts[i]! > before[slot]!) &&
          newcomerProcessed > 0,
        notes,
        verdict,
      };
    } finally {
      await cluster.stop();
    }
  },
};
