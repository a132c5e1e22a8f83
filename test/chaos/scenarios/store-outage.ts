import { ChaosCluster } from '../chaos-cluster';
import { isClean, settledVerdict } from '../invariants';
import {
  acknowledgedEvents,
  pause,
  populationCalls,
  probe,
  probeTemplate,
  seconds,
  until,
  type RunSize,
  type Scenario,
  type ScenarioResult,
} from '../scenario';
import { SignalLoad } from '../signal-load';

const SIZES = {
  test: { outageMs: 6_000, customers: 50, weeks: 2, rate: 300, beforeMs: 1_000 },
  default: { outageMs: 30_000, customers: 300, weeks: 6, rate: 400, beforeMs: 5_000 },
  long: { outageMs: 30_000, customers: 1_000, weeks: 8, rate: 500, beforeMs: 10_000 },
} as const;

/** Whether the service answers `path` with 200 within 3 s. */
const answers = (url: string, path: string): Promise<boolean> =>
  fetch(`${url}${path}`, { signal: AbortSignal.timeout(3_000) }).then(
    (r) => r.ok,
    () => false,
  );

/**
 * 4. The store unreachable for 30 s while ingest is fed: the store process is stopped with SIGSTOP,
 * so it keeps its sockets open and answers nothing, as a host that went away (a harder case than a
 * refused connection: every call must time out). Ingest must answer 503 with `Retry-After`
 * meanwhile and acknowledge only what it stored; after SIGCONT the engine must reconnect by itself
 * and catch up, and neither service may exit.
 */
export const storeOutage: Scenario = {
  id: 4,
  name: 'store unreachable',
  async run(size: RunSize): Promise<ScenarioResult> {
    const { outageMs, customers, weeks, rate, beforeMs } = SIZES[size];
    const cluster = await ChaosCluster.start({ engines: 1, engineEnv: { HEED_TIMER_QUIET_MS: '2000' } });
    try {
      const calls = populationCalls(4, customers, weeks);
      const load = new SignalLoad(() => cluster.ingest.url, { rate, concurrency: 4 });
      const feeding = load.send(calls);
      await pause(beforeMs);

      const before = { ...load.stats, acknowledged: load.acknowledged.size };
      cluster.store.pause();
      // While it is away: ingest keeps answering (503), its readiness says not ready.
      let unreadySeen = false;
      const outageEnds = performance.now() + outageMs;
      while (performance.now() < outageEnds) {
        if (!(await answers(cluster.ingest.url, '/health/ready'))) unreadySeen = true;
        await pause(Math.min(1_000, Math.max(0, outageEnds - performance.now())));
      }
      const during = {
        unavailable: load.stats.unavailable - before.unavailable,
        acknowledged: load.acknowledged.size - before.acknowledged,
      };
      const ingestAlive = await answers(cluster.ingest.url, '/health');
      const resumedAt = performance.now();
      cluster.store.resume();

      const recovered = await probe(cluster.client, load, probeTemplate(calls), resumedAt);
      const engine = cluster.engines[0]!;
      const engineReady = await until(() => answers(engine.url, '/health/ready'), 60_000, 250);
      await feeding;
      const verdict = await settledVerdict(cluster.client, [], acknowledgedEvents(load), 120_000);
      const crashed = cluster.crashed();
      const drops = engine.log.match(/Subscription to \S+ dropped/g)?.length ?? 0;
      const notes = [
        `during the ${seconds(outageMs)} outage ingest answered 503 ${during.unavailable} times ` +
          `(${load.stats.withoutRetryAfter} without Retry-After) and acknowledged ${during.acknowledged} calls ` +
          `(each one held by the store: lost counts them); its health answered: ${ingestAlive}, ` +
          `its readiness went unready: ${unreadySeen}`,
        `the engine's subscription dropped ${drops} time(s) (a silent store is noticed by the gRPC keepalive); ` +
          `ready again: ${engineReady}`,
        ...crashed,
        ...verdict.problems,
      ];
      return {
        scenario: '4. store unreachable (SIGSTOP)',
        events: verdict.events,
        faults: `1 × store stopped ${seconds(outageMs)}`,
        lost: verdict.lost,
        duplicated: verdict.duplicated,
        recovery: seconds(recovered),
        passed:
          isClean(verdict) &&
          crashed.length === 0 &&
          load.stats.rejected.length === 0 &&
          load.stats.withoutRetryAfter === 0 &&
          during.unavailable > 0 &&
          ingestAlive &&
          unreadySeen &&
          engineReady &&
          recovered !== undefined,
        notes,
        verdict,
      };
    } finally {
      if (cluster.store.running) cluster.store.resume();
      await cluster.stop();
    }
  },
};
