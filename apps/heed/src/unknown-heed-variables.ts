import { declaredVariables, unknownVariables, unknownVariableWarning } from '@heed/config';
import { variablesNamedBy } from '@heed/connect';
import { readFileSync } from 'node:fs';
// The standalone connect's metrics port: not read by this process, but one environment may serve
// every service (compose files, .env), and the variable is documented configuration.
import '../../connect/src/metrics/connect-metrics.config';

/**
 * Variables that Heed's tools read rather than its services: the quick start's `export` line and
 * `npm run demo` (`HEED_WRITE_KEY`, `HEED_API_KEY`, `HEED_INGEST_URL`, `HEED_ENGINE_URL`), and the
 * benchmarks' profilers. Setting them where Heed starts is not a mistake.
 */
export const TOOL_VARIABLES = [
  'HEED_WRITE_KEY',
  'HEED_API_KEY',
  'HEED_INGEST_URL',
  'HEED_ENGINE_URL',
  'HEED_BENCH_PROFILE_STORE',
  'HEED_BENCH_PROFILE_INGEST',
  'HEED_BENCH_PROFILE_ENGINE',
] as const;

/**
 * The variables the connect destinations file (`HEED_CONNECT_CONFIG`) names for its URLs and
 * secrets. An unreadable file names none here; connect's own start reports it.
 */
function connectFileVariables(env: Readonly<Record<string, string | undefined>>): string[] {
  const file = env.HEED_CONNECT_CONFIG;
  if (file === undefined || file === '') return [];
  try {
    return variablesNamedBy(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return [];
  }
}

/**
 * A warning for each `HEED_*` variable of `env` that neither a service of this process (their
 * configuration classes, loaded by then), the connect destinations file nor a tool reads, naming
 * the variable it most likely means.
 */
export function unknownHeedVariableWarnings(env: Readonly<Record<string, string | undefined>>): string[] {
  return unknownVariables(env, [...declaredVariables(), ...TOOL_VARIABLES, ...connectFileVariables(env)]).map(
    unknownVariableWarning,
  );
}
