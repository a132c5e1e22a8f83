import {
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  jsonEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { loadConfig } from '@heed/config';
import type { CustomerSignal } from '@heed/domain';
import { startEmbeddedStore, type RunningEmbeddedStore } from '@heed/embedded-store';
import { customerStream, connectStore } from '@heed/event-store';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActorKind } from '../src/engine-options';
import { EngineConfig } from '../src/engine.config';
import { customerKind } from '../src/lifecycle/customer-kind';
import { startEngine, type RunningEngine } from '../src/start-engine';

export const API_KEY = 'engine-test-key-0123456789';

/** A store, a client, and engines on it with a simulated wall clock for their timers. */
export class EngineHarness {
  /** The wall clock the engines' timer wheels see, in ms since the epoch. */
  now = Date.parse('2026-03-02T00:00:00Z');
  readonly engines: RunningEngine[] = [];
  /** The engines' data directory (the machine's layout is kept there): never one in the working tree. */
  readonly dataDir = mkdtempSync(join(tmpdir(), 'heed-engine-test-'));

  private constructor(
    readonly store: RunningEmbeddedStore,
    readonly client: EventStoreDBClient,
    readonly group: string,
  ) {}

  static async start(): Promise<EngineHarness> {
    const store = await startEmbeddedStore({ port: 0 });
    return new EngineHarness(store, connectStore({ url: store.connectionString }), `g-${randomUUID()}`);
  }

  /** Starts an engine replica in the harness's group. Timers tick only when a test says so. */
  async startEngine(env: Record<string, string> = {}, kind: ActorKind = customerKind()): Promise<RunningEngine> {
    const config = loadConfig(EngineConfig, {
      HEED_ENGINE_PORT: '0',
      HEED_API_KEYS: API_KEY,
      HEED_ENGINE_GROUP: this.group,
      HEED_TIMER_TICK_MS: String(24 * 3_600_000),
      HEED_ENGINE_MAX_RETRIES: '2',
      HEED_TIMER_QUIET_MS: '0',
      // Each engine its own read model, rebuilt from the store: never a file in the working tree.
      HEED_ENGINE_READ_MODEL: ':memory:',
      HEED_DATA_DIR: this.dataDir,
      ...env,
    });
    const engine = await startEngine(config, {
      client: this.client,
      kind,
      logger: false,
      now: () => this.now,
    });
    this.engines.push(engine);
    return engine;
  }

  /** Appends signals to their customers' streams, as ingest stores them. */
  async append(...signals: CustomerSignal[]): Promise<void> {
    for (const s of signals) {
      await this.client.appendToStream(
        customerStream(s.customerId),
        jsonEvent({
          type: s.type,
          data: { customerId: s.customerId, occurredAt: s.occurredAt, version: s.version, properties: s.properties },
        }),
      );
    }
  }

  async read(stream: string): Promise<ResolvedEvent[]> {
    const events: ResolvedEvent[] = [];
    try {
      for await (const e of this.client.readStream(stream, { direction: FORWARDS, fromRevision: START }))
        events.push(e);
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return events;
  }

  /** Types of the events in a stream, in order. */
  async types(stream: string): Promise<string[]> {
    return (await this.read(stream)).map((e) => e.event?.type ?? '?');
  }

  async stop(): Promise<void> {
    for (const engine of this.engines.splice(0)) await engine.stop();
    await this.client.dispose();
    await this.store.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** A fresh customer id per test. */
export const newCustomer = (label: string): string => `${label}-${randomUUID().slice(0, 8)}`;

/** The same signals for another customer. */
export const forCustomer = (customerId: string, signals: readonly CustomerSignal[]): CustomerSignal[] =>
  signals.map((s) => ({ ...s, customerId }));
