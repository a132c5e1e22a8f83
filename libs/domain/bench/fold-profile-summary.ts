/**
 * `node -r @swc-node/register libs/domain/bench/fold-profile-summary.ts <file.cpuprofile> [function] [rows]`:
 * the top self-time functions of a V8 CPU profile (`node --cpu-prof`) within the samples under
 * `function` (default `foldWithOneScope`: the bench's fold as the runtime folds, which
 * `fold.bench.ts --profile` runs alone), as a Markdown table in percent of those samples; then the
 * share of XState, of the domain and of the rest, and the garbage collector's share of the whole
 * process. For docs/benchmarks/domain.md: the summary is committed, never the profile.
 */
/* eslint-disable no-restricted-imports, no-restricted-globals -- a bench tool that reads a profile file; not domain code */
import { readFileSync } from 'node:fs';

type CallFrame = Readonly<{ functionName: string; url: string }>;
type ProfileNode = Readonly<{ id: number; callFrame: CallFrame; children?: readonly number[] }>;
type CpuProfile = Readonly<{
  nodes: readonly ProfileNode[];
  samples: readonly number[];
  timeDeltas: readonly number[];
}>;

const [file, root = 'foldWithOneScope', rowsArg = '15'] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: fold-profile-summary.ts <file.cpuprofile> [function] [rows]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

const partOf = (url: string): string =>
  url.includes('/xstate/')
    ? 'XState'
    : url.includes('/libs/domain/')
      ? 'libs/domain'
      : url.includes('/libs/actors/')
        ? 'libs/actors'
        : 'other';
const fileOf = (url: string): string => (url.includes('/xstate/') ? 'xstate' : (url.split('/').at(-1) ?? url));

/** Whether the sample's stack has `root` in it. */
function underRoot(leaf: number): boolean {
  for (let id: number | undefined = leaf; id !== undefined; id = parentOf.get(id)) {
    if (byId.get(id)?.callFrame.functionName === root) return true;
  }
  return false;
}

const selfTime = new Map<string, number>();
const partTime = new Map<string, number>();
let inRoot = 0;
let collector = 0;
let all = 0;
profile.samples.forEach((leaf, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  all += delta;
  const frame = byId.get(leaf)?.callFrame;
  if (frame === undefined) return;
  if (frame.functionName === '(garbage collector)') {
    collector += delta;
    return;
  }
  if (!underRoot(leaf)) return;
  inRoot += delta;
  const key = `${frame.functionName || '(anonymous)'} (${fileOf(frame.url)})`;
  selfTime.set(key, (selfTime.get(key) ?? 0) + delta);
  const part = partOf(frame.url);
  partTime.set(part, (partTime.get(part) ?? 0) + delta);
});

const percent = (part: number, whole: number) => ((100 * part) / whole).toFixed(1);
console.log(`samples under ${root}: ${(inRoot / 1000).toFixed(0)} ms`);
console.log('| function | self time, % of the fold |');
console.log('| --- | --- |');
for (const [key, time] of [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, Number(rowsArg))) {
  console.log(`| ${key} | ${percent(time, inRoot)} |`);
}
const parts = [...partTime].sort((a, b) => b[1] - a[1]).map(([part, time]) => `${part} ${percent(time, inRoot)} %`);
console.log(`by part: ${parts.join(', ')}; garbage collector ${percent(collector, all)} % of the process`);
