/**
 * `node -r @swc-node/register libs/domain/bench/fold-compare.bench.ts <other-tree> [rounds] [way]`: the
 * lifecycle fold of this tree against the one of another copy of the source tree (a `git worktree`
 * of the commit before a change, with this tree's `node_modules` linked in), in one process, in
 * turns: the ratio of a change on a shared, noisy machine, where separate runs disagree by more
 * than the change.
 *
 * Both trees fold the same 10,000 signals of the bench's mix (built by this tree), through their own
 * `lifecycleMachine`, in two ways: with one actor scope (as the actor runtime folds) and through the
 * pure `transition()` (`way`: `oneScope`, `transition` or both, the default). They must end in the same state value and context before anything is
 * measured. Each round folds both trees in both orders (this, other, other, this), so that a
 * neighbour's load and the order fall on both alike; a round's ratio is this tree's CPU time over
 * the other's. Prints per way the medians in µs of CPU per signal, the median ratio and its range;
 * the last line is the figures as JSON.
 */
/* eslint-disable no-restricted-imports, no-restricted-globals -- a bench tool that loads another tree and reads its arguments and its own CPU time; not domain code */
import { resolve } from 'node:path';
import type { AnyStateMachine } from 'xstate';
import { lifecycleMachine } from '../src/lifecycle/lifecycle.machine';
import { everydayMix } from '../src/testing';
import { foldThrough, foldWithOneScope } from './folds';

const [otherTree, roundsArg = '15', onlyWay] = process.argv.slice(2);
if (otherTree === undefined) {
  console.error('usage: fold-compare.bench.ts <other-tree> [rounds] [oneScope|transition]');
  process.exit(2);
}
const rounds = Number(roundsArg);
const warmups = 3;
const signalCount = 10_000;

type Fold = (machine: AnyStateMachine, events: readonly { type: string }[]) => unknown;

const cpuMicros = (): number => (({ user, system }) => user + system)(process.cpuUsage());

const cpuPerSignal = (fold: Fold, machine: AnyStateMachine, events: readonly { type: string }[]): number => {
  const cpu0 = cpuMicros();
  fold(machine, events);
  return (cpuMicros() - cpu0) / events.length;
};

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main(): Promise<void> {
  const otherModule = resolve(otherTree!, 'libs/domain/src/lifecycle/lifecycle.machine.ts');
  const other = ((await import(otherModule)) as { lifecycleMachine: AnyStateMachine }).lifecycleMachine;
  const here = lifecycleMachine as AnyStateMachine;
  const signals = everydayMix(signalCount);

  const end = (fold: Fold, machine: AnyStateMachine) => {
    const s = fold(machine, signals) as { value: unknown; context: unknown };
    return JSON.stringify([s.value, s.context]);
  };
  for (const fold of [foldWithOneScope, foldThrough]) {
    if (end(fold, here) !== end(fold, other)) throw new Error(`the two trees' folds end apart (${otherTree})`);
  }

  const ways = { oneScope: foldWithOneScope, transition: foldThrough } as const;
  const figures: Record<string, unknown> = { other: otherTree, rounds, signals: signalCount };
  for (const [name, fold] of Object.entries(ways)) {
    if (onlyWay !== undefined && onlyWay !== name) continue;
    for (let i = 0; i < warmups; i++) for (const m of [here, other]) fold(m, signals);
    const mine: number[] = [];
    const theirs: number[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const a1 = cpuPerSignal(fold, here, signals);
      const b1 = cpuPerSignal(fold, other, signals);
      const b2 = cpuPerSignal(fold, other, signals);
      const a2 = cpuPerSignal(fold, here, signals);
      mine.push((a1 + a2) / 2);
      theirs.push((b1 + b2) / 2);
      ratios.push((a1 + a2) / (b1 + b2));
    }
    const result = {
      thisTree: median(mine),
      otherTree: median(theirs),
      ratio: median(ratios),
      low: Math.min(...ratios),
      high: Math.max(...ratios),
    };
    figures[name] = result;
    console.log(
      `${name.padEnd(10)} this ${result.thisTree.toFixed(2)} µs/signal CPU, other ${result.otherTree.toFixed(2)}: ` +
        `ratio ${result.ratio.toFixed(3)} (median of ${rounds} rounds; ${result.low.toFixed(3)}–${result.high.toFixed(3)})`,
    );
  }
  console.log(JSON.stringify(figures));
}

void main();
