import { EventStoreDBClient } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeedProcess, portOf } from './heed-process';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

export const WRITE_KEY = 'chaos-write-key-0123456789';
export const API_KEY = 'chaos-engine-key-0123456789';

type Env = Record<string, string>;

export interface ClusterOptions {
  /** Engine replicas to start. Default 1. */
  readonly engines?: number;
  readonly storeEnv?: Env;
  readonly ingestEnv?: Env;
  readonly engineEnv?: Env;
  /** Where the store keeps its data. Default: a new temporary directory, removed by `stop`. */
  readonly dataDir?: string;
}

/**
 * A Heed deployment as separate processes on one machine: the embedded store on a data directory,
 * ingest, and engine replicas sharing one persistent-subscription group, all on 127.0.0.1 and free
 * ports. The suite kills and restarts them; a client of its own reads the store to check the result.
 */
export class ChaosCluster {
  readonly engines: Array<HeedProcess | undefined> = [];
  readonly group = `chaos-${randomUUID().slice(0, 8)}`;
  /** The checker's own client: it reads the store, never writes. */
  readonly client: EventStoreDBClient;

  /** The ingest service (set once started). */
  ingest!: HeedProcess;

  private constructor(
    readonly workDir: string,
    readonly dataDir: string,
    public store: HeedProcess,
    private readonly options: ClusterOptions,
  ) {
    this.client = EventStoreDBClient.connectionString(store.url);
  }

  static async start(options: ClusterOptions = {}): Promise<ChaosCluster> {
    const workDir = mkdtempSync(join(tmpdir(), 'heed-chaos-'));
    const dataDir = options.dataDir ?? join(workDir, 'data');
    mkdirSync(dataDir, { recursive: true });
    const store = await startStore(dataDir, 0, options.storeEnv).catch((error: unknown) => {
      rmSync(workDir, { recursive: true, force: true });
      throw error;
    });
    const cluster = new ChaosCluster(workDir, dataDir, store, options);
    // Started together: each compiles its sources first, which is most of its start.
    const starting = [
      HeedProcess.start('ingest', ingestEnv(store.url, options.ingestEnv)).then((ingest) => (cluster.ingest = ingest)),
      ...Array.from({ length: options.engines ?? 1 }, (_, slot) => cluster.startEngine(slot)),
    ];
    const started = await Promise.allSettled(starting);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed !== undefined) {
      await cluster.stop();
      throw failed.reason;
    }
    return cluster;
  }

  get storeUrl(): string {
    return this.store.url;
  }

  /** Starts an engine replica in `slot` (its own read-model file), with `env` on top of the cluster's. */
  async startEngine(slot: number, env: Env = {}, entry?: string): Promise<HeedProcess> {
    const engine = await HeedProcess.start(
      'engine',
      {
        HEED_STORE_URL: this.store.url,
        HEED_API_KEYS: API_KEY,
        HEED_ENGINE_PORT: '0',
        HEED_ENGINE_HOST: '127.0.0.1',
        HEED_ENGINE_GROUP: this.group,
        HEED_DATA_DIR: this.workDir,
        HEED_ENGINE_READ_MODEL: join(this.workDir, `engine-${slot}.sqlite`),
        ...this.options.engineEnv,
        ...env,
      },
      entry,
    );
    this.engines[slot] = engine;
    return engine;
  }

  /** Restarts the store on the same data directory and port (clients keep their address). */
  async restartStore(): Promise<HeedProcess> {
    if (this.store.running) await this.store.kill9();
    this.store = await startStore(this.dataDir, portOf(this.store.url), this.options.storeEnv);
    return this.store;
  }

  /** Whether ingest and every engine that should run are still running (none crashed by itself). */
  crashed(): string[] {
    const down: string[] = [];
    if (this.ingest?.running === false) down.push(`ingest exited:\n${this.ingest.log.slice(-3_000)}`);
    this.engines.forEach((engine, slot) => {
      if (engine !== undefined && !engine.running) down.push(`engine ${slot} exited:\n${engine.log.slice(-3_000)}`);
    });
    return down;
  }

  /**
   * Kills every process (SIGKILL: the suite owns no state in them) and removes the temporary files.
   * With `HEED_CHAOS_KEEP_DATA=<dir>`, the store's data directory is kept first, as
   * `<dir>/<group>`: `HEED_DATA_DIR=<dir>/<group> npm run store` serves what the run left.
   */
  async stop(): Promise<void> {
    await Promise.race([this.client.dispose().catch(() => undefined), pause(2_000)]);
    for (const engine of this.engines) await engine?.kill9();
    await this.ingest?.kill9();
    await this.store.kill9();
    const keep = process.env['HEED_CHAOS_KEEP_DATA'];
    if (keep !== undefined && keep !== '') cpSync(this.dataDir, join(keep, this.group), { recursive: true });
    rmSync(this.workDir, { recursive: true, force: true });
  }
}

function startStore(dataDir: string, port: number, env: Env = {}): Promise<HeedProcess> {
  return HeedProcess.start('store', {
    HEED_STORE_HOST: '127.0.0.1',
    HEED_STORE_PORT: String(port),
    HEED_DATA_DIR: dataDir,
    ...env,
  });
}

function ingestEnv(storeUrl: string, env: Env = {}): Env {
  return {
    HEED_STORE_URL: storeUrl,
    HEED_WRITE_KEYS: WRITE_KEY,
    HEED_INGEST_PORT: '0',
    HEED_INGEST_HOST: '127.0.0.1',
    HEED_INGEST_STORE_TIMEOUT_MS: '2000',
    ...env,
  };
}
