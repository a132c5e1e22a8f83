/**
 * `hot-paths.ts <before src dir> <after src dir> [rounds]`: the CPU time of ingest's per-event steps
 * in two versions of `apps/ingest/src`, in one process, taking turns in short slices (so that a
 * noisy machine slows both alike): reading a call's envelope, preparing the event (with its payload
 * hash), parsing a 100-call batch body, and the store client's encoding of an append (CPU of this
 * process only; the store runs in its own) with metadata as an object or as bytes. A version kept
 * outside the repository (a copy of an earlier `src`) needs `NODE_PATH=<repo>/node_modules`.
 */
import 'reflect-metadata';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startStoreProcess } from '../../../../scripts/bench/store-process';

const [beforeDir, afterDir, roundsArg] = process.argv.slice(2);
if (beforeDir === undefined || afterDir === undefined) throw new Error('usage: hot-paths.ts <before> <after> [rounds]');
const rounds = Number(roundsArg ?? 7);

interface Version {
  readCall(type: string, raw: Record<string, unknown>, at: string): { type: string; call: object; messageId: string };
  prepareEvent(valid: unknown, receipt: unknown, policy: unknown, at: string): { data: object; metadata: object };
  parseJsonBody(text: string, maxDepth: number): Record<string, unknown>;
  domainCatalog(): unknown;
}
const load = (dir: string): Version => {
  const at = (file: string): Record<string, unknown> =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(join(resolve(dir), file)) as Record<string, unknown>;
  return {
    ...(at('envelope/read-call') as Pick<Version, 'readCall'>),
    ...(at('envelope/prepare-event') as Pick<Version, 'prepareEvent'>),
    ...(at('body/json-body') as Pick<Version, 'parseJsonBody'>),
    ...(at('envelope/event-catalog') as Pick<Version, 'domainCatalog'>),
  };
};
const versions = { before: load(beforeDir), after: load(afterDir) };

const call = (n: number): Record<string, unknown> => ({
  messageId: `m-${n}`,
  userId: `c-${n % 1000}`,
  event: 'Signed In',
  properties: { username: 'ada' },
  timestamp: new Date().toISOString(),
  context: { library: { name: 'analytics-node', version: '7.0.0' } },
});
const batchBody = JSON.stringify({ batch: Array.from({ length: 100 }, (_, i) => ({ type: 'track', ...call(i) })) });

/** CPU µs per unit of `work(units)`. */
function cpuPer(units: number, work: () => void): number {
  const start = process.cpuUsage();
  work();
  const { user, system } = process.cpuUsage(start);
  return (user + system) / units;
}

type Step = (v: Version) => number;
const steps: Record<string, Step> = {
  'read the envelope (readCall)': (v) =>
    cpuPer(20_000, () => {
      for (let i = 0; i < 20_000; i++) v.readCall('track', call(i), 'body');
    }),
  'prepare the event (prepareEvent, incl. payload hash)': (v) => {
    const policy = { catalog: v.domainCatalog(), unknownEvents: 'reject', maxFutureMs: 86_400_000 };
    const receipt = { writeKeyId: 'wk_1', sourceId: 'wk_1', correlationId: 'r-1', receivedAt: Date.now() };
    const valid = Array.from({ length: 100 }, (_, i) => v.readCall('track', call(i), 'body'));
    return cpuPer(20_000, () => {
      for (let i = 0; i < 20_000; i++) v.prepareEvent(valid[i % 100], receipt, policy, 'body');
    });
  },
  'parse a 100-call batch body, per call (parseJsonBody)': (v) =>
    cpuPer(200 * 100, () => {
      for (let i = 0; i < 200; i++) v.parseJsonBody(batchBody, 32);
    }),
};

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'heed-hot-paths-'));
  const store = await startStoreProcess(join(dataDir, 'store'));
  const client = EventStoreDBClient.connectionString(store.url);
  const prepared = Array.from({ length: 10 }, (_, i) =>
    versions.after.prepareEvent(
      versions.after.readCall('track', call(i), 'body'),
      {
        writeKeyId: 'wk_1',
        sourceId: 'wk_1',
        correlationId: 'r-1',
        receivedAt: Date.now(),
      },
      { catalog: versions.after.domainCatalog(), unknownEvents: 'reject', maxFutureMs: 86_400_000 },
      'body',
    ),
  );
  const utf8 = new TextEncoder();
  let stream = 0;
  /** 200 appends of 10 events, 8 at a time: client CPU per event (the store's is its own process). */
  const appends = async (asBytes: boolean): Promise<number> => {
    const start = process.cpuUsage();
    for (let wave = 0; wave < 25; wave++) {
      await Promise.all(
        Array.from({ length: 8 }, () =>
          client.appendToStream(
            `hot-${stream++}`,
            prepared.map((e) =>
              jsonEvent({
                type: 'SignedIn',
                data: e.data as never,
                metadata: asBytes ? utf8.encode(JSON.stringify(e.metadata)) : (e.metadata as never),
              }),
            ),
          ),
        ),
      );
    }
    const { user, system } = process.cpuUsage(start);
    return (user + system) / 2000;
  };
  await appends(false);
  await appends(true);
  for (const step of Object.values(steps)) for (const v of Object.values(versions)) step(v); // warm-up

  const results = new Map<string, { before: number[]; after: number[] }>();
  const record = (name: string, which: 'before' | 'after', value: number): void => {
    const r = results.get(name) ?? { before: [], after: [] };
    r[which].push(value);
    results.set(name, r);
  };
  for (let round = 0; round < rounds; round++) {
    const order: Array<'before' | 'after'> = round % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
    for (const [name, step] of Object.entries(steps)) for (const w of order) record(name, w, step(versions[w]));
    for (const w of order)
      record('client encoding of an append, per event (metadata as object → bytes)', w, await appends(w === 'after'));
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`| step | before µs | after µs | after / before (median of ${rounds} rounds) |`);
  console.log('| --- | --- | --- | --- |');
  for (const [name, { before, after }] of results) {
    const ratios = after.map((a, i) => a / before[i]!);
    console.log(
      `| ${name} | ${median(before).toFixed(2)} | ${median(after).toFixed(2)} | ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) |`,
    );
  }
  await client.dispose();
  await store.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
