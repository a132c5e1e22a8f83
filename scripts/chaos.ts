import { Command, InvalidArgumentError } from 'commander';
import { chaosTable } from '../test/chaos/chaos-table';
import { killEveryProcess } from '../test/chaos/heed-process';
import type { RunSize, ScenarioResult } from '../test/chaos/scenario';
import { scenarios } from '../test/chaos/scenarios';

/**
 * `npm run chaos`: the fault-injection suite of issue #24. Each scenario starts the store, ingest
 * and engines as processes of their own on a temporary data directory, feeds a simulated population
 * through ingest, injects its fault, and checks the store afterwards. Prints one table; exits 1 when
 * a scenario lost or doubled anything or did not recover.
 */
async function main(): Promise<void> {
  const known = scenarios.map((s) => s.id).join(', ');
  const command = new Command('chaos')
    .description('fault-injection suite: kills, outages, poison, overload; invariants checked from the store')
    .option('--scenarios <ids>', `comma-separated scenario numbers (${known}), in the order given`, (value) => {
      const ids = value.split(',').map((s) => Number(s.trim()));
      if (ids.some((id) => !scenarios.some((s) => s.id === id))) {
        throw new InvalidArgumentError(`expected numbers among ${known}`);
      }
      return ids;
    })
    .option('--long', 'longer runs: more faults, more customers, the full 30 s outage and more')
    .option('--quick', 'the short run of `npm test`');
  command.parse(process.argv);
  const options = command.opts<{ scenarios?: number[]; long?: boolean; quick?: boolean }>();
  const size: RunSize = options.long === true ? 'long' : options.quick === true ? 'test' : 'default';
  const chosen = (options.scenarios ?? scenarios.map((s) => s.id)).map((id) => scenarios.find((s) => s.id === id)!);

  const results: ScenarioResult[] = [];
  for (const scenario of chosen) {
    console.log(`\n▶ ${scenario.id}. ${scenario.name} (${size} run)`);
    const startedAt = performance.now();
    let result: ScenarioResult;
    try {
      result = await scenario.run(size);
    } catch (error) {
      result = {
        scenario: `${scenario.id}. ${scenario.name}`,
        events: 0,
        faults: '–',
        lost: 0,
        duplicated: 0,
        recovery: '–',
        passed: false,
        notes: [`the scenario failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`],
      };
    }
    results.push(result);
    const took = ((performance.now() - startedAt) / 1000).toFixed(0);
    console.log(`  ${result.skipped !== undefined ? 'skipped' : result.passed ? 'pass' : 'FAIL'} in ${took} s`);
    for (const note of result.notes) console.log(`  - ${note}`);
  }
  console.log(`\n${chaosTable(results)}\n`);
  process.exitCode = results.every((r) => r.passed || r.skipped !== undefined) ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killEveryProcess();
    process.exit(130);
  });
}
void main();
