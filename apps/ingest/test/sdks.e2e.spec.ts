import { evolve, initialCustomerState, type CustomerSnapshot } from '@heed/domain';
import RudderAnalytics from '@rudderstack/rudder-sdk-node';
import { Analytics as SegmentAnalytics } from '@segment/analytics-node';
import { randomUUID } from 'node:crypto';
import { toMachineInput } from '../../engine/src/lifecycle/customer-kind';
import { startAnswerLosingProxy } from './answer-losing-proxy';
import { STORED_BY_EVERY_CALL_TYPE } from './every-call-type';
import { newCustomer, readAll, startIngest, WRITE_KEY, type IngestUnderTest } from './ingest-harness';

/** The six Segment calls, as an app makes them through an SDK. */
type Call = 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias';

/** A real SDK from npm, pointed at Heed's URL and otherwise left with its defaults. */
interface Producer {
  send(call: Call, message: Record<string, unknown>): void;
  /** Sends what is queued and resolves once the SDK is done with it (delivered or given up). */
  flush(): Promise<void>;
  /** Delivery failures the SDK reported. */
  readonly errors: unknown[];
}

const SDKS: Record<string, (url: string) => Producer> = {
  // Batches to /v1/batch, JSON, write key as Basic user and in the body; retries 5xx and network errors.
  '@segment/analytics-node': (url) => {
    const analytics = new SegmentAnalytics({ writeKey: WRITE_KEY, host: url });
    const errors: unknown[] = [];
    analytics.on('error', (error) => errors.push(error));
    const methods = analytics as unknown as Record<Call, (message: Record<string, unknown>) => void>;
    return { send: (call, message) => methods[call](message), flush: () => analytics.closeAndFlush(), errors };
  },
  // Batches to /v1/batch gzip-compressed (labelled application/x-www-form-urlencoded); axios-retry.
  '@rudderstack/rudder-sdk-node': (url) => {
    // logLevel only quiets its console; delivery (gzip, batching, retries) keeps its defaults.
    const analytics = new RudderAnalytics(WRITE_KEY, { dataPlaneUrl: url, logLevel: 'none' });
    const errors: unknown[] = [];
    const methods = analytics as unknown as Record<Call, (message: object, done: (error?: unknown) => void) => void>;
    return {
      send: (call, message) => methods[call](message, (error) => error && errors.push(error)),
      flush: () => analytics.flush(),
      errors,
    };
  },
};

/**
 * A visitor's first steps on a device, then every call type once they are known: the anonymous
 * sign-up becomes the customer's through the alias.
 */
function everyCall(customer: string, device: string): Array<[Call, Record<string, unknown>]> {
  return [
    ['track', { anonymousId: device, event: 'Signed Up', properties: { type: 'organic' } }],
    ['identify', { userId: customer, traits: { email: 'ada@example.com' } }],
    ['track', { userId: customer, event: 'Signed In', properties: { username: 'ada' } }],
    [
      'page',
      { userId: customer, name: 'Pricing', properties: { url: 'https://example.com/pricing', path: '/pricing' } },
    ],
    ['screen', { userId: customer, name: 'Home', properties: { tab: 'feed' } }],
    ['group', { userId: customer, groupId: 'acme', traits: { name: 'Acme', plan: 'team' } }],
    ['alias', { userId: customer, previousId: device }],
  ];
}

describe.each(Object.entries(SDKS))('%s against a running ingest', (_name, sdk) => {
  let ingest: IngestUnderTest;
  beforeAll(async () => {
    ingest = await startIngest();
  });
  afterAll(() => ingest.stop());

  async function deliver(url: string, calls: Array<[Call, Record<string, unknown>]>): Promise<void> {
    const producer = sdk(url);
    for (const [call, message] of calls) producer.send(call, message);
    await producer.flush();
    expect(producer.errors).toEqual([]);
  }

  const stored = async (customer: string) => {
    const events = await readAll(ingest.client, `customer-${customer}`);
    return { types: events.map((e) => e.type).sort(), messageIds: new Set(events.map((e) => e.metadata['messageId'])) };
  };

  /** The customer as the engine rehydrates it: each stored event read by its reader, folded by the machine. */
  const asTheEngineSeesIt = async (customer: string): Promise<CustomerSnapshot> => {
    let [snapshot] = initialCustomerState(customer);
    for (const [i, e] of (await readAll(ingest.client, `customer-${customer}`)).entries()) {
      const input = toMachineInput({ ...e, revision: BigInt(i) });
      if (input !== undefined) [snapshot] = evolve(snapshot, input.event);
    }
    return snapshot;
  };

  it('delivers every call type with its defaults, each stored once, and the engine reads the customer', async () => {
    const customer = newCustomer();
    await deliver(ingest.url, everyCall(customer, `device-${randomUUID()}`));
    const { types, messageIds } = await stored(customer);
    expect(types).toEqual(STORED_BY_EVERY_CALL_TYPE);
    expect(messageIds.size).toBe(STORED_BY_EVERY_CALL_TYPE.length);

    const { context } = await asTheEngineSeesIt(customer);
    expect(context.engagement.firstSeenAt).not.toBeNull();
    expect(context.groups).toEqual([
      expect.objectContaining({ groupId: 'acme', traits: { name: 'Acme', plan: 'team' } }),
    ]);
  });

  it('retries a batch whose answer was lost, and the retry stores nothing twice', async () => {
    const proxy = await startAnswerLosingProxy(ingest.url, 1);
    try {
      const customer = newCustomer();
      await deliver(proxy.url, everyCall(customer, `device-${randomUUID()}`));
      expect(proxy.lost).toBe(1);
      expect(proxy.forwarded).toBeGreaterThan(proxy.lost);
      const { types, messageIds } = await stored(customer);
      expect(types).toEqual(STORED_BY_EVERY_CALL_TYPE);
      expect(messageIds.size).toBe(STORED_BY_EVERY_CALL_TYPE.length);
    } finally {
      await proxy.stop();
    }
  });
});
