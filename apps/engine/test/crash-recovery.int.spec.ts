import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { ActorRuntime, deriveOutputs, TIMER_FIRED, type RecordedInput } from '@heed/actors';
import type { CustomerSignal } from '@heed/domain';
import { startEmbeddedStore, type RunningEmbeddedStore } from '@heed/embedded-store';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import {
  cardTransaction,
  checkoutStarted,
  day,
  featureUsed,
  productAdded,
  productViewed,
  session,
  signedIn,
  subscriptionExpiring,
  transactionConfirmed,
  viewedPage,
} from '../../../libs/domain/src/testing';
import { customerKind } from '../src/lifecycle/customer-kind';

// Property: whatever the signals, and wherever the engine crashes (memory lost before or after
// an append, inputs redelivered or handed in late), (a) every customer's final state equals a fresh
// replay of its stream, (b) its output stream holds exactly the outputs of one crash-free fold,
// each once, with the ids derived from its cause (an input, or a timer that came due), (c) no signal
// is skipped.

const kind = customerKind();
const signalAt = (kindIndex: number, at: string, n: number): CustomerSignal[] => {
  switch (kindIndex % 9) {
    case 0:
      return session(at, 30 + (n % 300));
    case 1:
      return [featureUsed(n % 2 === 0 ? 'reports' : 'export', at, n % 2 === 0)];
    case 2:
      return [viewedPage(n % 3 === 0 ? 'https://app.example.com/pricing#cancel' : 'https://app.example.com/home', at)];
    case 3:
      return [productAdded(`cart-${n % 2}`, `p-${n % 5}`, at)];
    case 4:
      return [checkoutStarted(`cart-${n % 2}`, at)];
    case 5:
      return [productViewed(`p-${n % 5}`, at)];
    case 6:
      return [
        cardTransaction(at, {
          transaction_id: `tx-${n}`,
          amount: 1_000 + ((n * 7919) % 90_000),
          country: n % 4 === 0 ? 'BR' : 'DE',
        }),
      ];
    case 7:
      return [transactionConfirmed(`tx-${n - 1}`, at)];
    default:
      return n % 2 === 0 ? [signedIn(at)] : [subscriptionExpiring('sub-1', day(40), at)];
  }
};

type Crash = 'none' | 'restart-before' | 'redeliver-after' | 'deliver-late' | 'fire-a-timer';

const scenario = fc.record({
  customers: fc.integer({ min: 1, max: 3 }),
  steps: fc.array(
    fc.record({
      customer: fc.nat(2),
      signal: fc.nat(8),
      gapHours: fc.integer({ min: 1, max: 60 }),
      crash: fc.constantFrom<Crash>(
        'none',
        'none',
        'restart-before',
        'redeliver-after',
        'deliver-late',
        'fire-a-timer',
      ),
    }),
    { minLength: 1, maxLength: 14 },
  ),
});

describe('engine crash recovery (property)', () => {
  let store: RunningEmbeddedStore;
  let client: EventStoreDBClient;
  beforeAll(async () => {
    store = await startEmbeddedStore({ port: 0 });
    client = EventStoreDBClient.connectionString(store.connectionString);
  });
  afterAll(async () => {
    await client.dispose();
    await store.stop();
  });

  it('keeps state, outputs and inputs exact across crashes at random points', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ customers, steps }) => {
        const prefix = randomUUID().slice(0, 8);
        const streams = {
          input: (k: string) => `pin${prefix}-${k}`,
          output: (k: string) => `pout${prefix}-${k}`,
          snapshot: (k: string) => `psnap${prefix}-${k}`,
        };
        const newRuntime = () => new ActorRuntime({ client, definition: kind.definition, streams, snapshotEvery: 2 });
        let runtime = newRuntime();
        const ids = Array.from({ length: customers }, (_, i) => `c${i}`);
        const lastInput = new Map<string, RecordedInput>();
        const late: Array<[string, RecordedInput]> = [];
        let hours = 0;

        const append = async (key: string, type: string, data: Record<string, unknown>): Promise<RecordedInput> => {
          const id = randomUUID();
          const result = await client.appendToStream(streams.input(key), jsonEvent({ id, type, data }));
          const input = { id, type, revision: result.nextExpectedRevision, data, metadata: {} };
          lastInput.set(key, input);
          return input;
        };

        for (const [n, s] of steps.entries()) {
          const key = ids[s.customer % customers]!;
          hours += s.gapHours;
          const at = new Date(Date.parse(day(0)) + hours * 3_600_000).toISOString();
          if (s.crash === 'restart-before') runtime = newRuntime();
          if (s.crash === 'fire-a-timer') {
            const state = await runtime.state(key);
            const timer = Object.values(state.timers)[0];
            if (timer) {
              const input = await append(key, TIMER_FIRED, { key, timerId: timer.timerId, dueAt: timer.dueAt });
              await runtime.process(key, input);
            }
            continue;
          }
          for (const signal of signalAt(s.signal, at, n)) {
            const input = await append(key, signal.type, {
              customerId: key,
              occurredAt: signal.occurredAt,
              version: signal.version,
              properties: signal.properties,
            });
            if (s.crash === 'deliver-late') late.push([key, input]);
            else await runtime.process(key, input);
            if (s.crash === 'redeliver-after') {
              // A crash after the append, before the ack: the input comes again to a new engine.
              // (An input that produced no outputs is folded again, harmlessly: (b) checks outputs.)
              runtime = newRuntime();
              await runtime.process(key, input);
            }
          }
        }
        // Late deliveries arrive after everything else, to a restarted engine; then every
        // customer's last input is redelivered, as a persistent subscription would after a crash.
        runtime = newRuntime();
        for (const [key, input] of late) await runtime.process(key, input);
        for (const [key, input] of lastInput) await newRuntime().process(key, input);

        for (const key of lastInput.keys()) {
          const fresh = await newRuntime().state(key);
          const replayed = await newRuntime().replay(key);
          // (a) snapshot + tail equals a full replay of the stream
          expect(fresh.snapshot.value).toEqual(replayed.snapshot.value);
          expect(fresh.snapshot.context).toEqual(replayed.snapshot.context);
          expect(fresh.timers).toEqual(replayed.timers);
          // (c) no input skipped
          expect(fresh.inputRevision).toBe(lastInput.get(key)!.revision);

          // (b) the output stream is exactly the crash-free fold's outputs, each once
          const inputs: RecordedInput[] = [];
          for await (const { event } of client.readStream(streams.input(key))) {
            if (event === undefined) continue;
            inputs.push({
              id: event.id,
              type: event.type,
              revision: event.revision,
              data: event.data,
              metadata: event.metadata,
            });
          }
          const expected = deriveOutputs(kind.definition, key, inputs).outputs.map(({ id, type, data }) => ({
            id,
            type,
            data,
          }));
          const written: Array<{ id: string; type: string; data: unknown }> = [];
          if (expected.length > 0) {
            for await (const { event } of client.readStream(streams.output(key))) {
              if (event !== undefined) written.push({ id: event.id, type: event.type, data: event.data });
            }
          }
          expect(written).toEqual(JSON.parse(JSON.stringify(expected)));
        }
      }),
      { numRuns: 60, seed: 20261129 },
    );
  }, 120_000);
});
