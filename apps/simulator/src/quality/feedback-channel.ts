import { FORWARDS, START, StreamNotFoundError, type EventStoreDBClient } from '@eventstore/db-client';
import { isHeldOut, type Destination } from '@heed/connect';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deliveryStream } from '../../../connect/src/delivery/delivery-outcome';
import { startConnect, type RunningConnect } from '../../../connect/src/start-connect';

/** The commands that go to customers (email, in-app, the success team's call), with a holdout. */
export const CUSTOMER_COMMANDS = [
  'FlagAccountForSuccessTeamRequested',
  'ReEngagementEmailRequested',
  'RetentionIncentiveRequested',
  'RenewalReminderRequested',
  'CartRecoveryEmailRequested',
] as const;
/** The fraud team's commands: never held out. */
export const FRAUD_COMMANDS = ['CardFreezeRequested', 'FraudVerificationSmsRequested'] as const;

/** A command as the simulated customers' systems received it (the webhook body). */
export interface Received {
  readonly id: string;
  readonly type: string;
  readonly customerId: string;
  readonly requestedAt: string;
  readonly data: Readonly<Record<string, unknown>>;
}

const REACH_TIMEOUT_MS = 60_000;

/**
 * The way back from Heed to the simulated customers: a real connect delivering the engine's
 * commands to a local receiver (the customers' inboxes, the success team, the fraud team), with a
 * holdout on the customer commands. A customer reacts only to what reached the receiver; the
 * held-out customers are the control group of `npm run outcomes`.
 */
export class FeedbackChannel {
  private readonly received = new Map<string, Received>();
  private readonly waiting = new Map<string, (command: Received) => void>();

  private constructor(
    private readonly server: Server,
    private readonly connect: RunningConnect,
    private readonly client: EventStoreDBClient,
    readonly holdout: number,
  ) {}

  static async start(client: EventStoreDBClient, holdout: number): Promise<FeedbackChannel> {
    // The server exists before the channel it feeds.
    const ref: { channel?: FeedbackChannel } = {};
    const server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        const command = JSON.parse(body) as Received & { data: Record<string, unknown> };
        res.writeHead(200).end();
        ref.channel?.take(command);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const destination = (name: string, commands: readonly string[], share: number): Destination => ({
      name,
      kind: 'webhook',
      commands,
      url: `${url}/${name}`,
      secrets: ['simulated-receiver-secret-0123456789'],
      authorization: undefined,
      from: undefined,
      to: undefined,
      startFrom: 'start',
      holdout: share,
      policy: {
        maxAttempts: 5,
        timeoutMs: 5_000,
        concurrency: 32,
        ratePerSecond: undefined,
        backoffInitialMs: 20,
        backoffMaxMs: 500,
        breakerFailureThreshold: 1_000,
        breakerOpenMs: 100,
      },
    });
    const connect = await startConnect(
      { groupPrefix: 'simulated', file: undefined },
      {
        client,
        destinations: [
          destination('customers', CUSTOMER_COMMANDS, holdout),
          destination('fraud-team', FRAUD_COMMANDS, 0),
        ],
        logger: false,
      },
    );
    ref.channel = new FeedbackChannel(server, connect, client, holdout);
    return ref.channel;
  }

  /**
   * Whether a command reached the customer's side: waits for the receiver to get it, unless no
   * destination takes its type or the customer is in the holdout (then it never comes).
   */
  async reached(commandId: string, type: string, customerId: string): Promise<Received | undefined> {
    const customerCommand = (CUSTOMER_COMMANDS as readonly string[]).includes(type);
    if (!customerCommand && !(FRAUD_COMMANDS as readonly string[]).includes(type)) return undefined;
    if (customerCommand && isHeldOut(customerId, this.holdout)) return undefined;
    const got = this.received.get(commandId);
    if (got !== undefined) return got;
    return new Promise<Received>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(commandId);
        reject(
          new Error(`connect did not deliver ${type} ${commandId} of ${customerId} within ${REACH_TIMEOUT_MS} ms`),
        );
      }, REACH_TIMEOUT_MS);
      this.waiting.set(commandId, (command) => {
        clearTimeout(timer);
        resolve(command);
      });
    });
  }

  /** Waits until connect has recorded an outcome (delivered or held out) for each of these commands. */
  async settled(commands: ReadonlyArray<Readonly<{ id: string; customerId: string }>>): Promise<void> {
    const byCustomer = new Map<string, Set<string>>();
    for (const { id, customerId } of commands) {
      const set = byCustomer.get(customerId) ?? new Set<string>();
      set.add(id);
      byCustomer.set(customerId, set);
    }
    const deadline = Date.now() + REACH_TIMEOUT_MS;
    for (const [customerId, ids] of byCustomer) {
      for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
        for (const id of await this.recordedOutcomes(customerId)) ids.delete(id);
        if (ids.size === 0) break;
        if (Date.now() > deadline)
          throw new Error(`connect recorded no outcome for ${[...ids].join(', ')} of ${customerId}`);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  async stop(): Promise<void> {
    await this.connect.stop();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private take(command: Received): void {
    if (this.received.has(command.id)) return;
    this.received.set(command.id, command);
    this.waiting.get(command.id)?.(command);
    this.waiting.delete(command.id);
  }

  private async recordedOutcomes(customerId: string): Promise<string[]> {
    const ids: string[] = [];
    try {
      for await (const { event } of this.client.readStream(deliveryStream(customerId), {
        direction: FORWARDS,
        fromRevision: START,
      })) {
        const data = event?.data as { commandId?: unknown } | undefined;
        if (
          (event?.type === 'CommandDelivered' || event?.type === 'CommandHeldOut') &&
          typeof data?.commandId === 'string'
        )
          ids.push(data.commandId);
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return ids;
  }
}
