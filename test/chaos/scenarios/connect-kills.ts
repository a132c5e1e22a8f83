import { EventStoreDBClient, FORWARDS, jsonEvent, START, StreamNotFoundError } from '@eventstore/db-client';
import { verifyHeedSignature } from '@heed/connect';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeedProcess } from '../heed-process';
import { recoveries, until, type RunSize, type Scenario, type ScenarioResult } from '../scenario';

const SIZES = {
  test: { kills: 2, customers: 100 },
  default: { kills: 5, customers: 500 },
  long: { kills: 10, customers: 2_500 },
} as const;

/** Command events per customer, of the types below, as the engine writes them to `lifecycle-<id>`. */
const PER_CUSTOMER = 4;
const COMMANDS = [
  'CardFreezeRequested',
  'FlagAccountForSuccessTeamRequested',
  'CartRecoveryEmailRequested',
  'RenewalReminderRequested',
] as const;
const SECRET = 'whsec-chaos-0123456789abcdef';
/** Share of requests the receiver answers 503, so that kills also land between attempts. */
const FAILING = 0.05;

type Command = Readonly<{ id: string; customerId: string }>;

/**
 * The receiver a team would run: verifies the signature, counts deliveries per `Idempotency-Key`
 * (answered 2xx), answers after a moment so that requests are in flight when connect dies, and
 * fails a few with 503.
 */
class Receiver {
  /** 2xx answers sent per idempotency key. */
  readonly delivered = new Map<string, number>();
  /** Bodies per key: a key must always carry the same command. */
  readonly bodies = new Map<string, string>();
  readonly badSignatures: string[] = [];
  requests = 0;
  /** When each request came, and when the connection it came on was opened. */
  private readonly arrivals: Array<Readonly<{ at: number; connectedAt: number }>> = [];
  private readonly connectedAt = new WeakMap<object, number>();
  private seed = 8;

  private constructor(private readonly server: Server) {
    server.on('connection', (socket) => this.connectedAt.set(socket, performance.now()));
  }

  /** The first request on a connection opened after `t`: one a process started after `t` sent. */
  firstRequestFromAfter(t: number): number | undefined {
    let first: number | undefined;
    for (const { at, connectedAt } of this.arrivals)
      if (connectedAt > t && (first === undefined || at < first)) first = at;
    return first;
  }

  static async start(): Promise<{ receiver: Receiver; url: string }> {
    const holder: { receiver?: Receiver } = {};
    const server = createServer((req, res) => void holder.receiver!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.receiver = new Receiver(server);
    return { receiver: holder.receiver, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/heed` };
  }

  get distinct(): number {
    return this.delivered.size;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A seeded draw, so a run's answers are the same every time. */
  private random(): number {
    this.seed = (this.seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return this.seed / 2 ** 31;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = '';
    try {
      for await (const chunk of req) body += String(chunk);
    } catch {
      return; // the sender died while sending: nothing arrived
    }
    this.requests += 1;
    this.arrivals.push({ at: performance.now(), connectedAt: this.connectedAt.get(req.socket) ?? 0 });
    const key = String(req.headers['idempotency-key'] ?? '');
    try {
      verifyHeedSignature({ header: req.headers['heed-signature'] as string, body, secrets: [SECRET] });
    } catch (error) {
      this.badSignatures.push(`${key}: ${error instanceof Error ? error.message : String(error)}`);
      res.writeHead(401).end();
      return;
    }
    if (this.random() < FAILING) {
      res.writeHead(503).end('injected');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.floor(this.random() * 10)));
    if (this.bodies.get(key) !== undefined && this.bodies.get(key) !== body)
      this.badSignatures.push(`${key}: body changed`);
    this.bodies.set(key, body);
    res.on('finish', () => this.delivered.set(key, (this.delivered.get(key) ?? 0) + 1));
    res.writeHead(200).end('ok');
  }
}

async function appendCommands(client: EventStoreDBClient, customers: number, run: string): Promise<Command[]> {
  const commands: Command[] = [];
  for (let c = 0; c < customers; c++) {
    const customerId = `${run}-c${c}`;
    const events = Array.from({ length: PER_CUSTOMER }, (_, i) => {
      const id = randomUUID();
      commands.push({ id, customerId });
      return jsonEvent({
        id,
        type: COMMANDS[(c + i) % COMMANDS.length]!,
        data: { version: 1, customerId, requestedAt: new Date().toISOString(), reasons: ['chaos'], data: { n: i } },
      });
    });
    await client.appendToStream(`lifecycle-${customerId}`, events);
  }
  return commands;
}

/** Commands with a `CommandDelivered` outcome in the store. */
async function recordedDeliveries(client: EventStoreDBClient, customers: number, run: string): Promise<Set<string>> {
  const delivered = new Set<string>();
  for (let c = 0; c < customers; c++) {
    try {
      for await (const { event } of client.readStream(`delivery-${run}-c${c}`, {
        direction: FORWARDS,
        fromRevision: START,
      }))
        if (event?.type === 'CommandDelivered') delivered.add(String((event.data as { commandId: string }).commandId));
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
  }
  return delivered;
}

/**
 * 8. `kill -9` of the connect process while it delivers command events to a webhook, restarted
 * each time. Delivery is at least once: every command must reach the receiver (counted by its
 * `Idempotency-Key`) and have its `CommandDelivered` in the store; redeliveries of what the killed
 * process had sent but not yet acknowledged are expected and reported.
 */
export const connectKills: Scenario = {
  id: 8,
  name: 'connect kill -9 mid-delivery',
  async run(size: RunSize): Promise<ScenarioResult> {
    const { kills, customers } = SIZES[size];
    const scenario = `8. ${connectKills.name}`;
    const workDir = mkdtempSync(join(tmpdir(), 'heed-chaos-connect-'));
    const run = `k${randomUUID().slice(0, 8)}`;
    let store: HeedProcess | undefined;
    let connect: HeedProcess | undefined;
    let client: EventStoreDBClient | undefined;
    const { receiver, url } = await Receiver.start();
    try {
      store = await HeedProcess.start('store', {
        HEED_STORE_HOST: '127.0.0.1',
        HEED_STORE_PORT: '0',
        HEED_DATA_DIR: join(workDir, 'data'),
      });
      client = EventStoreDBClient.connectionString(store.url);
      const commands = await appendCommands(client, customers, run);
      const total = commands.length;
      const file = join(workDir, 'connect.json');
      writeFileSync(
        file,
        JSON.stringify({
          destinations: [
            {
              name: 'chaos',
              kind: 'webhook',
              url,
              secretsEnv: 'HEED_CONNECT_CHAOS_SECRETS',
              commands: COMMANDS,
              startFrom: 'start',
              // Enough attempts that nothing parks: every command must end delivered.
              maxAttempts: 100,
              timeoutMs: 2_000,
              concurrency: 8,
              backoffInitialMs: 10,
              backoffMaxMs: 200,
              breakerFailureThreshold: 1_000,
            },
          ],
        }),
      );
      const env = {
        HEED_STORE_URL: store.url,
        HEED_CONNECT_CONFIG: file,
        HEED_CONNECT_GROUP_PREFIX: `chaos-${run}`,
        HEED_CONNECT_CHAOS_SECRETS: SECRET,
        HEED_CONNECT_METRICS_PORT: '0',
      };
      const startedAt = performance.now();
      connect = await HeedProcess.start('connect', env);

      // Each kill lands while deliveries are under way: once the next share of commands is in.
      const recovery: Array<number | undefined> = [];
      for (let k = 1; k <= kills; k++) {
        const mark = Math.floor((total * k) / (kills + 1));
        if (!(await until(async () => receiver.distinct >= mark, 120_000, 20))) break;
        await connect.kill9();
        const killedAt = performance.now();
        connect = await HeedProcess.start('connect', env);
        // Recovered: the restarted process delivers again (it starts by compiling its sources).
        const back = await until(async () => receiver.firstRequestFromAfter(killedAt) !== undefined, 60_000, 20);
        recovery.push(back ? receiver.firstRequestFromAfter(killedAt)! - killedAt : undefined);
      }
      const allIn = await until(async () => receiver.distinct >= total, 60_000 + total * 20, 50);
      const tookMs = performance.now() - startedAt;
      const recorded = await until(
        async () => (await recordedDeliveries(client!, customers, run)).size >= total,
        30_000,
        500,
      );
      const inStore = await recordedDeliveries(client, customers, run);

      const ids = new Set(commands.map((c) => c.id));
      const lost = commands.filter((c) => !receiver.delivered.has(c.id)).length;
      const strangers = [...receiver.delivered.keys()].filter((key) => !ids.has(key));
      const deliveries = [...receiver.delivered.values()].reduce((n, d) => n + d, 0);
      const duplicates = deliveries - receiver.distinct;
      const unrecorded = commands.filter((c) => !inStore.has(c.id)).length;
      const notes = [
        `${total} commands, ${receiver.distinct} delivered (distinct Idempotency-Key), ${duplicates} redelivered ` +
          `(at least once: what a killed process had sent but not acknowledged), ${receiver.requests} requests ` +
          `(${Math.round(FAILING * 100)} % answered 503), ${Math.round(tookMs / 1000)} s`,
        `${inStore.size} commands with CommandDelivered in the store`,
        ...(allIn ? [] : [`not every command was delivered: ${lost} missing`]),
        ...(recorded ? [] : [`${unrecorded} delivered commands have no CommandDelivered in the store`]),
        ...(strangers.length === 0 ? [] : [`keys that are no command: ${strangers.slice(0, 3).join(', ')}`]),
        ...receiver.badSignatures.slice(0, 3),
      ];
      return {
        scenario,
        events: total,
        faults: `${recovery.length} × kill -9 connect`,
        lost,
        // Delivered twice in effect: a key carrying another command, or a receiver that could not
        // deduplicate. Redeliveries of one command under its key are at least once, in the notes.
        duplicated: strangers.length,
        recovery: recoveries(recovery),
        passed:
          allIn &&
          recorded &&
          lost === 0 &&
          unrecorded === 0 &&
          strangers.length === 0 &&
          receiver.badSignatures.length === 0 &&
          recovery.length === kills &&
          recovery.every((r) => r !== undefined),
        notes,
      };
    } finally {
      await connect?.kill9();
      await Promise.race([client?.dispose().catch(() => undefined), new Promise((r) => setTimeout(r, 2_000).unref())]);
      await store?.kill9();
      await receiver.stop();
      rmSync(workDir, { recursive: true, force: true });
    }
  },
};
