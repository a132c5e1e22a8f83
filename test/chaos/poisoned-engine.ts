/**
 * Scenario 5's defective engine build: the production engine (apps/engine/src/main.ts, same config,
 * same wiring) whose churn scoring throws for the customers named in `CHAOS_POISONED_CUSTOMERS`
 * (comma-separated ids; read here, in the suite, never by Heed). The scoring runs outside the pure
 * fold of the machine (libs/actors `step` calls `definition.scores` for each state change), so the
 * failure is not rejected on the record: the engine fails the signal, the subscription retries it
 * and parks it after `HEED_ENGINE_MAX_RETRIES` attempts with the error as its reason. "The fix" is
 * the real entry point. Started by `ChaosCluster.startEngine(slot, env, 'test/chaos/poisoned-engine.ts')`.
 */
import { loadConfig, loadConfigs } from '@heed/config';
import { connectStore, StoreConfig } from '@heed/event-store';
import { createLogger, LogConfig, NestPinoLogger, Redactor, runMain } from '@heed/service';
import { EngineConfig } from '../../apps/engine/src/engine.config';
import { customerKind } from '../../apps/engine/src/lifecycle/customer-kind';
import { startEngine } from '../../apps/engine/src/start-engine';

/** The message of the defect, as the park record must show it. */
export const POISON_REASON = 'churn score is not finite';

runMain(async () => {
  const { config, log } = loadConfigs({ config: EngineConfig, log: LogConfig }, process.env);
  const logger = new NestPinoLogger(createLogger(log, Redactor.secretsOf(process.env)).pino);
  const client = connectStore(loadConfig(StoreConfig, process.env));
  const poisoned = new Set((process.env['CHAOS_POISONED_CUSTOMERS'] ?? '').split(',').filter((id) => id !== ''));
  const kind = customerKind();
  const scores = kind.definition.scores!;
  const defective = {
    ...kind,
    definition: {
      ...kind.definition,
      scores: (snapshot: Parameters<typeof scores>[0]) => {
        const customerId = (snapshot.context as { customerId?: string }).customerId ?? '';
        if (poisoned.has(customerId)) throw new RangeError(`${POISON_REASON} for ${customerId}`);
        return scores(snapshot);
      },
    },
  };
  const engine = await startEngine(config, { client, kind: defective, logger });
  console.log(`Heed engine listening on ${engine.url} (metrics: /metrics)`);
  return async () => {
    await engine.stop();
    await client.dispose();
  };
});
