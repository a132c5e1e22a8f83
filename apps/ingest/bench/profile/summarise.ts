/**
 * `summarise.ts <file.cpuprofile> [top]`: the functions with the most self time in a V8 CPU profile,
 * and the share of time under a few packages (by the path of the script each function is in).
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
const [file, topArg] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: summarise.ts <file.cpuprofile> [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[] };
const hits = new Map<number, number>();
for (const s of profile.samples) hits.set(s, (hits.get(s) ?? 0) + 1);
const total = profile.samples.length;
const short = (url: string): string =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\//, '')
    .replace(/^\/work\/main\//, '')
    .replace(/^\/tmp\/heed26\//, '');
const self = new Map<string, number>();
const byArea = new Map<string, number>();
const area = (url: string, name: string): string => {
  if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') return name;
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.includes('apps/ingest') || url.includes('baseline-ingest-src')) return 'apps/ingest';
  if (url.includes('/libs/')) return /\/libs\/[^/]+/.exec(url)![0].slice(1);
  if (url.startsWith('node:') || url === '') return 'node / V8 (native, builtins)';
  return url;
};
for (const node of profile.nodes) {
  const n = hits.get(node.id) ?? 0;
  if (n === 0) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'} ${short(url)}:${lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + n);
  const a = area(url, functionName);
  byArea.set(a, (byArea.get(a) ?? 0) + n);
}
// Inclusive time: each sample counts once for every distinct function on its stack.
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const keyOf = (node: Node): string =>
  `${node.callFrame.functionName || '(anonymous)'} ${short(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
const inclusive = new Map<string, number>();
for (const [id, n] of hits) {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) seen.add(keyOf(nodes.get(at)!));
  for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + n);
}
const pct = (n: number): string => `${((n / total) * 100).toFixed(1)} %`;
const busy = total - (byArea.get('(idle)') ?? 0);
const ofBusy = (n: number): string => `${((n / busy) * 100).toFixed(1)} %`;
console.log(`samples: ${total}, busy (not idle): ${pct(busy)}`);
console.log('\nself time by package (of all samples, of busy ones):');
for (const [a, n] of [...byArea].sort((x, y) => y[1] - x[1]).slice(0, 20))
  console.log(`${pct(n).padStart(7)} ${a === '(idle)' ? '' : ofBusy(n).padStart(7)}  ${a}`);
console.log('\ntop functions by self time:');
for (const [k, n] of [...self].sort((x, y) => y[1] - x[1]).slice(0, Number(topArg ?? 30)))
  console.log(`${pct(n).padStart(7)}  ${k}`);
const filter = process.argv[4];
console.log('\ntop functions by total time (self and callees)' + (filter ? ` matching ${filter}` : '') + ':');
for (const [k, n] of [...inclusive]
  .filter(([k]) => (filter ? k.includes(filter) : !k.startsWith('(')))
  .sort((x, y) => y[1] - x[1])
  .slice(0, Number(topArg ?? 30)))
  console.log(`${pct(n).padStart(7)}  ${k}`);
