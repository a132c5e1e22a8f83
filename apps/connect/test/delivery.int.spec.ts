import { EventStoreDBClient, FORWARDS, jsonEvent, START, StreamNotFoundError } from '@eventstore/db-client';
import { verifyHeedSignature, type Destination } from '@heed/connect';
import { startEmbeddedStore, type RunningEmbeddedStore } from '@heed/embedded-store';
import { randomUUID } from 'node:crypto';
import { ConnectConfig } from '../src/connect.config';
import { destinationGroup } from '../src/delivery/destination-worker';
import { deliveryStream } from '../src/delivery/delivery-outcome';
import { listParked, replayParked } from '../src/parked/parked-deliveries';
import { startConnect, type RunningConnect } from '../src/start-connect';
import { FaultReceiver, seeded, type Receipt } from './fault-receiver';

const SECRET = 'whsec-test-0123456789abcdef';
/** Commands in the run: a few hundred in the suite; `npm run test:connect-faults` runs 10,000. */
const SIZE = Number(process.env.HEED_CONNECT_FAULT_COMMANDS ?? 320);
const PER_CUSTOMER = 8;
const CUSTOMERS = Math.ceil(SIZE / PER_CUSTOMER);
const ROUTES = {
  alpha: ['CardFreezeRequested', 'FlagAccountForSuccessTeamRequested'],
  beta: ['CartRecoveryEmailRequested', 'RenewalReminderRequested'],
} as const;
const TYPES = [...ROUTES.alpha, ...ROUTES.beta];

const policy = {
  maxAttempts: 4,
  timeoutMs: 1_000,
  concurrency: 8,
  ratePerSecond: undefined,
  backoffInitialMs: 5,
  backoffMaxMs: 40,
  breakerFailureThreshold: 1_000,
  breakerOpenMs: 100,
};

const destinations = (url: string): Destination[] =>
  (Object.keys(ROUTES) as Array<keyof typeof ROUTES>).map((name) => ({
    name,
    kind: 'webhook',
    commands: ROUTES[name],
    url: `${url}/${name}`,
    secrets: [SECRET],
    authorization: undefined,
    from: undefined,
    to: undefined,
    startFrom: 'start',
    policy,
  }));

interface Sent {
  readonly id: string;
  readonly type: string;
  readonly customerId: string;
  readonly revision: number;
}

/** Appends command events to customers' lifecycle streams as the engine writes them, with noise between. */
async function appendCommands(
  client: EventStoreDBClient,
  customers: number,
  perCustomer: number,
  run: string,
): Promise<Sent[]> {
  const random = seeded(7);
  const sent: Sent[] = [];
  for (let c = 0; c < customers; c++) {
    const customerId = `${run}-c${c}`;
    const events = [];
    for (let i = 0; i < perCustomer; i++) {
      events.push(
        jsonEvent({
          type: 'StateChanged',
          data: { key: customerId, from: null, to: {}, cause: {}, at: '', scores: {} },
        }),
      );
      const type = TYPES[Math.floor(random() * TYPES.length)]!;
      const id = randomUUID();
      events.push(
        jsonEvent({
          id,
          type,
          data: { version: 1, customerId, requestedAt: '2026-03-05T10:00:00.000Z', reasons: ['test'], data: { n: i } },
        }),
      );
      sent.push({ id, type, customerId, revision: events.length - 1 });
    }
    await client.appendToStream(`lifecycle-${customerId}`, events);
  }
  return sent;
}

let diagnose = (): string => '';
async function until(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 60_000 + SIZE * 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}${diagnose()}`);
    await new Promise((resolve) => setTimeout(resolve, SIZE > 1_000 ? 500 : 25));
  }
}

async function readTypes(
  client: EventStoreDBClient,
  stream: string,
): Promise<Array<{ type: string; data: Record<string, unknown> }>> {
  const out: Array<{ type: string; data: Record<string, unknown> }> = [];
  try {
    for await (const e of client.readStream(stream, { direction: FORWARDS, fromRevision: START }))
      out.push({ type: e.event!.type, data: e.event!.data as Record<string, unknown> });
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return out;
}

const pathOf = (type: string): string => `/${ROUTES.alpha.includes(type as never) ? 'alpha' : 'beta'}`;

describe('connect delivers command events through faults', () => {
  let store: RunningEmbeddedStore;
  let client: EventStoreDBClient;
  let receiver: FaultReceiver;
  const running: RunningConnect[] = [];

  beforeAll(async () => {
    store = await startEmbeddedStore({ port: 0 });
    client = EventStoreDBClient.connectionString(store.connectionString);
  });
  afterEach(async () => {
    for (const c of running.splice(0)) await c.stop();
    await receiver?.stop();
  });
  afterAll(async () => {
    await client.dispose();
    await store.stop();
  });

  const start = (prefix: string): Promise<RunningConnect> =>
    startConnect(Object.assign(new ConnectConfig(), { groupPrefix: prefix }), {
      client,
      destinations: destinations(receiver.url),
      logger: false,
      random: seeded(3),
    }).then((c) => (running.push(c), c));

  it(
    `delivers ${SIZE} commands: every command at least once, to its destination only, in order per customer, parking exactly those that always failed, across a worker killed mid-run`,
    async () => {
      const run = `r${randomUUID().slice(0, 8)}`;
      const startedAt = performance.now();
      const prefix = `t-${run}`;
      receiver = await FaultReceiver.start(
        { error500: 0.15, timeout: 0.05, slow: 0.1, rateLimited: 0.05, slowMs: 20, retryAfterSeconds: 0 },
        11,
      );
      const sent = await appendCommands(client, CUSTOMERS, PER_CUSTOMER, run);
      const doomed = new Set(sent.filter((_, i) => i % 37 === 5).map((s) => s.id));
      receiver.plan = { ...receiver.plan, alwaysFail: doomed };

      const first = await start(prefix);
      await until(
        'a third is delivered',
        () => receiver.receipts.filter((r) => r.status === 200).length >= sent.length / 3,
      );
      for (const worker of first.workers) await worker.kill();
      running.splice(running.indexOf(first), 1);
      const deliveredBeforeKill = new Set(receiver.receipts.filter((r) => r.status === 200).map((r) => r.key));
      expect(deliveredBeforeKill.size).toBeLessThan(sent.length - doomed.size);
      const second = await start(prefix);

      // Which keys each destination answered 2xx, computed once per look (not once per command:
      // at 10,000 commands that alone would starve the worker and the store sharing this process).
      const answered = (): ((s: Sent) => boolean) => {
        const byPath = { '/alpha': receiver.delivered('/alpha'), '/beta': receiver.delivered('/beta') };
        return (s) => byPath[pathOf(s.type) as keyof typeof byPath].has(s.id);
      };
      diagnose = () => {
        const isAnswered = answered();
        const missing = sent.filter((s) => !doomed.has(s.id) && !isAnswered(s));
        return `: missing ${missing.length}: ${JSON.stringify(missing.slice(0, 3))} receipts ${JSON.stringify(receiver.receipts.filter((r) => missing.some((m) => m.id === r.key)).map((r) => [r.key.slice(0, 8), r.fault, r.status]))}; settled ${second.workers.map((w) => w.settled).join()}`;
      };
      const outcomes = async (): Promise<Map<string, string[]>> => {
        const byCommand = new Map<string, string[]>();
        for (let c = 0; c < CUSTOMERS; c++)
          for (const o of await readTypes(client, deliveryStream(`${run}-c${c}`)))
            byCommand.set(String(o.data.commandId), [...(byCommand.get(String(o.data.commandId)) ?? []), o.type]);
        return byCommand;
      };
      await until('every command is delivered or parked', async () => {
        const isAnswered = answered();
        const tried = new Set(receiver.receipts.map((r) => r.key));
        if (!sent.every((s) => doomed.has(s.id) || isAnswered(s) || tried.has(s.id))) return false;
        const recorded = await outcomes();
        return sent.every((s) => isAnswered(s) || recorded.get(s.id)?.includes('CommandParked'));
      });

      const settledAfterMs = performance.now() - startedAt;
      // The worker started after the kill took over what was left.
      expect(second.workers.reduce((n, w) => n + w.settled, 0)).toBeGreaterThan(0);
      // None to the wrong destination, and every request signed over its body.
      const typeOf = new Map(sent.map((s) => [s.id, s.type]));
      for (const r of receiver.receipts) {
        expect(r.path).toBe(pathOf(typeOf.get(r.key)!));
        expect(r.type).toBe(typeOf.get(r.key));
        expect(() =>
          verifyHeedSignature({ header: r.signature, body: r.body, secrets: [SECRET], now: r.receivedAt }),
        ).not.toThrow();
      }
      // Order per customer: the first time each command reached its destination follows stream order.
      for (const path of ['/alpha', '/beta']) {
        const firstSeen = new Map<string, Receipt>();
        for (const r of receiver.receipts) if (r.path === path && !firstSeen.has(r.key)) firstSeen.set(r.key, r);
        const byCustomer = new Map<string, number[]>();
        for (const r of firstSeen.values())
          byCustomer.set(r.customerId, [...(byCustomer.get(r.customerId) ?? []), r.revision]);
        for (const revisions of byCustomer.values()) expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
      }
      // Parked: the doomed ones, and only commands whose every attempt of the run that gave up on
      // them failed (a killed worker's attempts before it died do not count: it decided nothing).
      const recorded = await outcomes();
      const parked = new Set([...recorded].filter(([, types]) => types.includes('CommandParked')).map(([id]) => id));
      for (const id of doomed) expect(parked.has(id)).toBe(true);
      for (const id of parked) {
        const attempts = receiver.receipts.filter((r) => r.key === id);
        expect(attempts.length).toBeGreaterThanOrEqual(policy.maxAttempts);
        expect(attempts.slice(-policy.maxAttempts).filter((r) => r.status === 200 && r.answered)).toEqual([]);
        expect(recorded.get(id)!.filter((t) => t === 'CommandDeliveryFailed').length).toBeGreaterThanOrEqual(
          policy.maxAttempts,
        );
        expect(recorded.get(id)).not.toContain('CommandDelivered');
      }
      // At least once: every command not parked was answered 2xx at its destination.
      const isAnswered = answered();
      for (const s of sent) if (!parked.has(s.id)) expect(isAnswered(s)).toBe(true);
      // Outcomes are answerable from the store: a delivered command has its CommandDelivered.
      for (const s of sent) if (!parked.has(s.id)) expect(recorded.get(s.id)).toContain('CommandDelivered');

      // The parked ones are listed per destination with the last error, and replay delivers them.
      const listed = [
        ...(await listParked(client, destinationGroup(prefix, { name: 'alpha' }))),
        ...(await listParked(client, destinationGroup(prefix, { name: 'beta' }))),
      ];
      expect(new Set(listed.map((p) => p.commandId))).toEqual(parked);
      expect(listed[0]!.reason).toMatch(/^4 attempts; last: HTTP 500/);
      // The run's figures (docs/connect.md), before the replay adds its own deliveries.
      const answers = receiver.receipts.filter((r) => r.status === 200 && r.answered);
      const firstAnswers = new Set(answers.map((r) => r.key));
      console.log(
        `connect faults: ${sent.length} commands, ${firstAnswers.size} delivered, ${parked.size} parked ` +
          `(${doomed.size} doomed), ${answers.length - firstAnswers.size} duplicate deliveries, ` +
          `${receiver.receipts.length} requests, all delivered or parked after ${Math.round(settledAfterMs / 1000)} s`,
      );
      receiver.plan = { alwaysFail: new Set() };
      await replayParked(client, destinationGroup(prefix, { name: 'alpha' }));
      await replayParked(client, destinationGroup(prefix, { name: 'beta' }));
      await until('the replayed commands are delivered', () => sent.every(answered()));
      await until(
        'the parked streams are empty',
        async () =>
          (await listParked(client, destinationGroup(prefix, { name: 'alpha' }))).length === 0 &&
          (await listParked(client, destinationGroup(prefix, { name: 'beta' }))).length === 0,
      );
    },
    120_000 + SIZE * 250,
  );
});
