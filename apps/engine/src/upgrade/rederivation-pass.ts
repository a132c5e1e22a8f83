import { jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import { readLastEvent, type ActorRuntime } from '@heed/actors';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AnyStateMachine } from 'xstate';
import { ACTOR_KIND, ACTOR_RUNTIME, ENGINE_CONFIG, STORE_CLIENT, WALL_CLOCK, type ActorKind } from '../engine-options';
import type { EngineConfig } from '../engine.config';
import { PopulationProjection } from '../population/population-projection';

/** Event type of the eager pass's checkpoint. */
export const REDERIVATION_PROGRESS = 'RederivationProgress';

/** Where the eager pass stands: after which customer id, how many it has loaded and re-derived. */
export interface RederivationProgress {
  readonly after: string;
  readonly visited: number;
  readonly rederived: number;
  readonly done: boolean;
}

/** The customers a pass goes through: those the population read model knows, in id order. */
export interface CustomerDirectory {
  customerIdsAfter(after: string, limit: number): string[];
  /** Whether the directory has caught up with every customer's outputs (the pass ends only then). */
  caughtUp(): boolean;
}

const PAGE = 100;
const WAIT_FOR_DIRECTORY_MS = 1_000;
const LOG_EVERY_MS = 10_000;

/** The checkpoint stream of the pass for one machine version (several replicas share it). */
export const rederivationStream = (version: string): string =>
  `engine-rederivation-${version.replace(/[^A-Za-z0-9._-]/g, '_')}`;

/**
 * The eager re-derivation pass (ADR 0075, `HEED_ENGINE_REDERIVE=eager`): loads every customer the
 * population read model knows, at most `HEED_ENGINE_REDERIVE_RATE` a second, so that customers an
 * older machine version wrote are re-derived now rather than on their next signal. It checkpoints
 * after each page in `engine-rederivation-<version>` and resumes there after a restart; a replica
 * starting when the pass is done skips it. Re-deriving is idempotent, so two replicas running the
 * pass at once only repeat each other's reads.
 */
@Injectable()
export class RederivationPass implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Rederivation');
  private readonly directory: CustomerDirectory;
  private closing = false;
  private running: Promise<RederivationProgress | undefined> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    @Inject(STORE_CLIENT) private readonly client: EventStoreDBClient,
    @Inject(ACTOR_KIND) private readonly kind: ActorKind,
    @Inject(ACTOR_RUNTIME) private readonly runtime: ActorRuntime<AnyStateMachine>,
    projection: PopulationProjection,
    @Inject(WALL_CLOCK) private readonly now: () => number,
  ) {
    this.directory = {
      customerIdsAfter: (after, limit) => projection.readModel.reader.customerIdsAfter(after, limit),
      caughtUp: () => projection.current.caughtUp,
    };
  }

  onApplicationBootstrap(): void {
    if (this.config.rederive !== 'eager') return;
    this.running = this.run(this.directory).catch((error: unknown) => {
      if (this.closing) return undefined;
      this.logger.warn(
        `Re-derivation pass stopped; it resumes from its checkpoint at the next start: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
      return undefined;
    });
  }

  /** Where the pass stopped (done, shut down, or undefined after an error); undefined when lazy. */
  finished(): Promise<RederivationProgress | undefined> {
    return this.running ?? Promise.resolve(undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.wake?.();
    await this.running;
  }

  /** Runs the pass over `directory` to its end (or until shutdown); returns where it stopped. */
  async run(directory: CustomerDirectory): Promise<RederivationProgress> {
    const version = this.kind.definition.version;
    const stream = rederivationStream(version);
    let progress = await this.checkpointOf(stream);
    if (progress.done) {
      this.logger.log(`Every customer is on machine version ${version} (re-derivation pass done before)`);
      return progress;
    }
    this.logger.log(`Re-deriving customers for machine version ${version}, ${this.config.rederiveRate}/s at most`);
    const startedAt = this.now();
    const startedVisited = progress.visited;
    let loggedAt = startedAt;
    let next = startedAt;
    while (!this.closing) {
      const page = directory.customerIdsAfter(progress.after, PAGE);
      if (page.length === 0) {
        if (directory.caughtUp()) {
          progress = { ...progress, done: true };
          await this.save(stream, progress);
          this.logger.log(
            `Re-derivation pass done: ${progress.visited} customers loaded, ${progress.rederived} re-derived`,
          );
          return progress;
        }
        await this.pause(WAIT_FOR_DIRECTORY_MS);
        continue;
      }
      let { after, visited, rederived } = progress;
      for (const customerId of page) {
        if (this.closing) break;
        // Paced: the n-th customer of this run is loaded no sooner than n / rate seconds after it began.
        next += 1_000 / this.config.rederiveRate;
        const wait = next - this.now();
        if (wait > 0) await this.pause(wait);
        if (this.closing) break;
        if (await this.runtime.rederive(customerId)) rederived++;
        visited++;
        after = customerId;
      }
      progress = { after, visited, rederived, done: false };
      await this.save(stream, progress);
      if (this.now() - loggedAt >= LOG_EVERY_MS) {
        loggedAt = this.now();
        const perSecond = ((visited - startedVisited) * 1_000) / Math.max(1, loggedAt - startedAt);
        this.logger.log(
          `Re-derivation: ${visited} customers loaded (${perSecond.toFixed(0)}/s), ${rederived} re-derived`,
        );
      }
    }
    return progress;
  }

  private async checkpointOf(stream: string): Promise<RederivationProgress> {
    const data = (await readLastEvent(this.client, stream))?.event?.data as Partial<RederivationProgress> | undefined;
    return {
      after: typeof data?.after === 'string' ? data.after : '',
      visited: typeof data?.visited === 'number' ? data.visited : 0,
      rederived: typeof data?.rederived === 'number' ? data.rederived : 0,
      done: data?.done === true,
    };
  }

  private async save(stream: string, progress: RederivationProgress): Promise<void> {
    const appended = await this.client.appendToStream(
      stream,
      jsonEvent({ type: REDERIVATION_PROGRESS, data: { ...progress } }),
    );
    if (appended.nextExpectedRevision === 0n) await this.client.setStreamMetadata(stream, { maxCount: 10 });
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
