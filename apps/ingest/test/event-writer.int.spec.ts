import { EventStoreDBClient } from '@eventstore/db-client';
import { startEmbeddedStore, type RunningEmbeddedStore } from '@heed/embedded-store';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { eventIdOf } from '../src/envelope/event-id';
import type { PreparedEvent } from '../src/envelope/prepared-event';
import { type AppendOutcome, EventWriter } from '../src/store/event-writer';
import { readAll } from './ingest-harness';

const WRITE_KEY_ID = 'wk_0123456789abcdef';

/** An event as a request (`correlationId`) would append it; `said` stands for the producer's payload. */
const event = (messageId: string, correlationId: string, said = 'ada'): PreparedEvent => ({
  eventId: eventIdOf(WRITE_KEY_ID, messageId),
  customerId: 'c',
  type: 'SignedIn',
  data: { said },
  metadata: {
    messageId,
    receivedAt: '2026-03-01T12:00:00.000Z',
    writeKeyId: WRITE_KEY_ID,
    catalogVersion: '000000000000',
    $correlationId: correlationId,
    payloadHash: `hash-of-${said}`,
  },
});

describe('event writer', () => {
  let store: RunningEmbeddedStore;
  let client: EventStoreDBClient;
  let appends: number;

  beforeAll(async () => {
    store = await startEmbeddedStore({ port: 0 });
    client = EventStoreDBClient.connectionString(store.connectionString);
    // Count the appends the writer makes: the number of store calls is what this writer saves.
    const appendToStream = client.appendToStream.bind(client);
    client.appendToStream = (...args: Parameters<typeof appendToStream>) => {
      appends++;
      return appendToStream(...args);
    };
  });
  afterAll(async () => {
    await client.dispose();
    await store.stop();
  });
  beforeEach(() => (appends = 0));

  const newWriter = (): EventWriter => new EventWriter({ client, timeoutMs: 2000, retryAfterSeconds: 1 });
  const newStream = (): string => `customer-w-${randomUUID()}`;
  const ids = (n: number): string[] => Array.from({ length: n }, () => `m-${randomUUID()}`);
  const storedMessages = async (stream: string): Promise<unknown[]> =>
    (await readAll(client, stream)).map((e) => e.metadata['messageId']);

  it('appends the new events of a stream in one call', async () => {
    const [writer, stream, messages] = [newWriter(), newStream(), ids(10)];
    const outcomes = await writer.append(
      stream,
      messages.map((m) => event(m, 'r1')),
    );
    expect(outcomes).toEqual(messages.map(() => 'accepted'));
    expect(appends).toBe(1);
    expect(await storedMessages(stream)).toEqual(messages);
  });

  it('answers duplicate to a retried batch and writes nothing twice', async () => {
    const [writer, stream, messages] = [newWriter(), newStream(), ids(5)];
    await writer.append(
      stream,
      messages.map((m) => event(m, 'r1')),
    );
    const retry = await writer.append(
      stream,
      messages.map((m) => event(m, 'r2')),
    );
    expect(retry).toEqual(messages.map(() => 'duplicate'));
    expect(await storedMessages(stream)).toEqual(messages);
  });

  it('groups the new events of a batch that also holds duplicates and conflicts, keeping request order', async () => {
    const [writer, stream] = [newWriter(), newStream()];
    const [old, reused, a, b, c] = ids(5) as [string, string, string, string, string];
    await writer.append(stream, [event(old, 'r1'), event(reused, 'r1')]);
    appends = 0;
    const outcomes = await writer.append(stream, [
      event(a, 'r2'),
      event(b, 'r2'),
      event(old, 'r2'),
      event(reused, 'r2', 'grace'),
      event(c, 'r2'),
    ]);
    expect(outcomes).toEqual<AppendOutcome[]>(['accepted', 'accepted', 'duplicate', 'conflict', 'accepted']);
    // a and b together, then old, reused and c each on its own: four calls for five events.
    expect(appends).toBe(4);
    expect(await storedMessages(stream)).toEqual([old, reused, a, b, c]);
    expect((await readAll(client, stream))[1]!.data).toEqual({ said: 'ada' });
  });

  it('never writes twice an event that a concurrent request re-batches behind a new one', async () => {
    const [writer, stream] = [newWriter(), newStream()];
    const [x, y, z] = ids(3) as [string, string, string];
    const [first, second] = await Promise.all([
      writer.append(stream, [event(x, 'r1'), event(y, 'r1')]),
      writer.append(stream, [event(z, 'r2'), event(x, 'r2'), event(y, 'r2')]),
    ]);
    expect(await storedMessages(stream)).toEqual([x, y, z]);
    expect(first).toEqual(['accepted', 'accepted']);
    expect(second).toEqual(['accepted', 'duplicate', 'duplicate']);
  });

  it('stores once and accepts once when the same batch comes twice at the same moment', async () => {
    const [writer, stream, messages] = [newWriter(), newStream(), ids(4)];
    const answers = await Promise.all(
      ['r1', 'r2'].map((request) =>
        writer.append(
          stream,
          messages.map((m) => event(m, request)),
        ),
      ),
    );
    expect(await storedMessages(stream)).toEqual(messages);
    for (const [i] of messages.entries()) {
      expect(answers.map((a) => a[i]).sort()).toEqual(['accepted', 'duplicate']);
    }
  });

  it('stores once when two writers (two ingest processes) append the same batch at the same moment', async () => {
    const [stream, messages] = [newStream(), ids(4)];
    const answers = await Promise.all(
      ['r1', 'r2'].map((request) =>
        newWriter().append(
          stream,
          messages.map((m) => event(m, request)),
        ),
      ),
    );
    expect(await storedMessages(stream)).toEqual(messages);
    expect(answers.flat().filter((o) => o === 'conflict')).toEqual([]);
  });

  // 40 runs against the store, each with a writer and a stream of its own: seconds on a loaded
  // machine, more than the default 5 s allows.
  it(
    'stores each id once and accepts it once, whatever requests of one process overlap at the same moment',
    () =>
      fc.assert(
        fc.asyncProperty(
          // Up to 4 concurrent requests, each some distinct messages of a pool of 6, in any order,
          // each message said one of two ways (a retry, or a reused messageId with another payload).
          fc.array(
            fc.uniqueArray(fc.record({ m: fc.nat(5), said: fc.constantFrom('ada', 'grace') }), {
              selector: (c) => c.m,
              minLength: 1,
            }),
            {
              minLength: 1,
              maxLength: 4,
            },
          ),
          async (requests) => {
            const [writer, stream, pool] = [newWriter(), newStream(), ids(6)];
            const answers = await Promise.all(
              requests.map((calls, r) =>
                writer.append(
                  stream,
                  calls.map((c) => event(pool[c.m]!, `r${r}`, c.said)),
                ),
              ),
            );
            const stored = await readAll(client, stream);
            const storedIds = stored.map((e) => e.metadata['messageId'] as string);
            expect(new Set(storedIds).size).toBe(storedIds.length);
            expect(new Set(storedIds)).toEqual(new Set(requests.flat().map((c) => pool[c.m]!)));
            for (const e of stored) {
              const messageId = e.metadata['messageId'] as string;
              const said = (e.data as { said: string }).said;
              const outcomes = requests.flatMap((calls, r) =>
                calls.flatMap((c, i) => (pool[c.m] === messageId ? [{ said: c.said, outcome: answers[r]![i]! }] : [])),
              );
              expect(outcomes.filter((o) => o.outcome === 'accepted')).toEqual([{ said, outcome: 'accepted' }]);
              for (const o of outcomes.filter((x) => x.outcome !== 'accepted')) {
                expect(o.outcome).toBe(o.said === said ? 'duplicate' : 'conflict');
              }
            }
          },
        ),
        { numRuns: 40, seed: 20261207 },
      ),
    60_000,
  );
});
