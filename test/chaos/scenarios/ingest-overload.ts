import { ChaosCluster } from '../chaos-cluster';
import { isClean, settledVerdict } from '../invariants';
import {
  acknowledgedEvents,
  pause,
  populationCalls,
  probe,
  probeTemplate,
  seconds,
  type RunSize,
  type Scenario,
  type ScenarioResult,
} from '../scenario';
import { SignalLoad } from '../signal-load';

const SIZES = {
  test: { seconds: 10, producers: 200, customers: 100, weeks: 3 },
  default: { seconds: 30, producers: 400, customers: 300, weeks: 6 },
  long: { seconds: 120, producers: 800, customers: 1_000, weeks: 8 },
} as const;

const MAX_IN_FLIGHT = 8;
/** Largest resident set ingest may reach under the storm: its bound, with room for the runtime. */
const RSS_BOUND = 512 * 1024 * 1024;

/**
 * 7. Ingest overloaded far beyond its capacity: hundreds of producers post batches without pause.
 * It must shed with 429 and `Retry-After`, keep answering its health check, keep its memory
 * bounded, and store exactly what it acknowledged.
 */
export const ingestOverload: Scenario = {
  id: 7,
  name: 'ingest overloaded',
  async run(size: RunSize): Promise<ScenarioResult> {
    const { seconds: duration, producers, customers, weeks } = SIZES[size];
    const cluster = await ChaosCluster.start({
      engines: 1,
      ingestEnv: { HEED_INGEST_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT) },
    });
    try {
      const calls = populationCalls(7, customers, weeks);
      // No pacing and no back-off beyond Retry-After (capped at 1 s): each producer a batch at a time.
      const load = new SignalLoad(() => cluster.ingest.url, { concurrency: producers, batchSize: 20 });
      const baseline = cluster.ingest.rss() ?? 0;
      let peak = baseline;
      let healthChecks = 0;
      // Answered with an error status: ingest said it is unhealthy. Never allowed.
      let healthRefused = 0;
      // Not answered within 5 s: on a shared machine this process's own event loop, busy driving
      // the storm, can hold an answer back. An orchestrator restarts a service after several misses
      // in a row (Kubernetes' and compose's default: 3); never two in a row is the rule here.
      let healthUnanswered = 0;
      let unansweredInARow = 0;
      let mostUnansweredInARow = 0;
      let storming = true;
      const watching = (async () => {
        while (storming) {
          peak = Math.max(peak, cluster.ingest.rss() ?? 0);
          healthChecks++;
          const answer = await fetch(`${cluster.ingest.url}/health`, { signal: AbortSignal.timeout(5_000) })
            .then((r) => (r.ok ? 'ok' : 'refused'))
            .catch(() => 'unanswered');
          if (answer === 'refused') healthRefused++;
          if (answer === 'unanswered') healthUnanswered++;
          unansweredInARow = answer === 'unanswered' ? unansweredInARow + 1 : 0;
          mostUnansweredInARow = Math.max(mostUnansweredInARow, unansweredInARow);
          await pause(200);
        }
      })();
      const feeding = load.send(calls);
      await Promise.race([feeding, pause(duration * 1_000)]);
      load.stop();
      await feeding;
      storming = false;
      await watching;
      const calmAt = performance.now();
      const recovered = await probe(cluster.client, load, probeTemplate(calls), calmAt);
      const verdict = await settledVerdict(cluster.client, [], acknowledgedEvents(load), 120_000);
      const crashed = cluster.crashed();
      const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;
      const notes = [
        `${load.stats.requests} requests: ${load.stats.ok} acknowledged, ${load.stats.overloaded} shed with 429`,
        `ingest RSS ${mb(baseline)} before, ${mb(peak)} at most (bound ${mb(RSS_BOUND)}); ` +
          `health answered ${healthChecks - healthRefused - healthUnanswered}/${healthChecks} ` +
          `(${healthRefused} refused, ${healthUnanswered} not answered within 5 s, at most ${mostUnansweredInARow} in a row)`,
        ...crashed,
        ...verdict.problems,
      ];
      return {
        scenario: '7. ingest overloaded',
        events: verdict.events,
        faults: `${producers} producers × ${duration} s, in flight ≤ ${MAX_IN_FLIGHT}`,
        lost: verdict.lost,
        duplicated: verdict.duplicated,
        recovery: seconds(recovered),
        passed:
          isClean(verdict) &&
          crashed.length === 0 &&
          load.stats.overloaded > 0 &&
          load.stats.withoutRetryAfter === 0 &&
          load.stats.rejected.length === 0 &&
          healthRefused === 0 &&
          mostUnansweredInARow <= 1 &&
          peak < RSS_BOUND &&
          recovered !== undefined,
        notes,
        verdict,
      };
    } finally {
      await cluster.stop();
    }
  },
};
