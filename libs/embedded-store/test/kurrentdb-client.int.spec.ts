import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { startEmbeddedStore } from '@heed/embedded-store';
import type { RunningEmbeddedStore } from '@heed/embedded-store';
import { uniqueStream } from './store-fixture';

type Event = { streamId: string; revision: string; data: unknown; commit?: string };

/**
 * `@kurrent/kurrentdb-client` (the renamed EventStoreDB client) against the store for what Heed and
 * its subscribers use: append, read, catch-up and persistent subscriptions. The client runs in a
 * worker thread: see kurrentdb-client.worker.cjs.
 */
describe('embedded store through @kurrent/kurrentdb-client', () => {
  let store: RunningEmbeddedStore;
  let worker: Worker;
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  function run<T>(scenario: string, args: Record<string, string> = {}): Promise<T> {
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, scenario, args });
    });
  }

  beforeAll(async () => {
    store = await startEmbeddedStore({ port: 0 });
    worker = new Worker(join(__dirname, 'kurrentdb-client.worker.cjs'), {
      workerData: { connectionString: `kurrentdb://${store.host}:${store.port}?tls=false` },
    });
    worker.on('message', (reply: { id: number; result?: unknown; failure?: string }) => {
      const waiter = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.failure !== undefined) waiter?.reject(new Error(reply.failure));
      else waiter?.resolve(reply.result);
    });
  });
  afterAll(async () => {
    await run('dispose');
    await worker.terminate();
    await store.stop();
  });

  it('appends and reads a stream forwards and backwards', async () => {
    const result = await run<{ nextExpectedRevision: string; commit: string; forwards: Event[]; backwards: Event[] }>(
      'appendAndRead',
      { stream: uniqueStream('kurrent') },
    );
    expect(result.nextExpectedRevision).toBe('2');
    expect(result.forwards.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(result.forwards[2]!.commit).toBe(result.commit);
    expect(result.backwards.map((e) => e.revision)).toEqual(['2', '1']);
  });

  it('reports a wrong expected revision and keeps appending afterwards', async () => {
    const result = await run<{ refused: { error: string }; next: string }>('wrongExpectedRevision', {
      stream: uniqueStream('kurrent'),
    });
    expect(result.refused.error).toBe('WrongExpectedVersionError');
    expect(result.next).toBe('1');
  });

  it('reports a missing stream', async () => {
    const result = await run<{ error: string }>('readMissing', { stream: uniqueStream('missing') });
    expect(result.error).toBe('StreamNotFoundError');
  });

  it('reads $all from its system events to what was appended', async () => {
    const stream = uniqueStream('kurrent');
    const result = await run<{ first: Event; ours: Event[] }>('readAll', { stream });
    expect(result.first.streamId).toBe('$$$scavenges');
    expect(result.ours.map((e) => e.data)).toEqual([{ n: 1 }]);
  });

  it('follows a stream with a catch-up subscription: history, then live events', async () => {
    expect(await run('catchUp', { stream: uniqueStream('kurrent') })).toEqual([1, 2, 3]);
  });

  it('delivers a persistent subscription, acks, and parks a nacked event', async () => {
    const result = await run('persistent', { stream: uniqueStream('kurrent'), group: `group-${randomUUID()}` });
    expect(result).toEqual({ seen: [1, 2], parked: 1, parkedMessageCount: '1' });
  });
});
