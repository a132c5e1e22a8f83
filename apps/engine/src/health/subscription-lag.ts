import { BACKWARDS, END, FORWARDS, StreamNotFoundError, type EventStoreDBClient } from '@eventstore/db-client';
import type { StreamPlace, SubscriptionProgress } from '@heed/event-store';

/** How far behind the head of its input stream an engine replica is. */
export interface LagSample {
  /** Events of the stream after everything this replica (or its group) has handled. */
  readonly events: number;
  /**
   * How much older the oldest of those events is than the stream's newest, in seconds (0 when none
   * is left): grows while new signals keep coming and the replica does not keep up.
   */
  readonly seconds: number;
  /** Messages the group has parked (from the store's statistics of the group); undefined when unknown. */
  readonly parked: number | undefined;
}

export interface SubscriptionLagOptions {
  readonly client: EventStoreDBClient;
  /** The consumed stream: `$ce-customer`. */
  readonly stream: string;
  readonly group: string;
  readonly progress: SubscriptionProgress;
  /** A sample is reused for this long, so that scrapes and probes cost the store little. Default 1 s. */
  readonly maxAgeMs?: number;
}

/**
 * Measures an engine replica's lag behind the head of `$ce-customer`, on demand (a scrape of
 * `/metrics`, a readiness probe), at most once a second: one read of the head, one of the group's
 * statistics, and one of the oldest event not handled when there is one.
 *
 * The replica has handled everything up to the later of what it handled itself (just before the
 * oldest event it holds, else the newest it settled) and the group's last checkpoint (which is how
 * far it got before a restart, and how far its fellow replicas got on the customers pinned to
 * them). With several replicas, each tells the lag of the group as it sees it; take the maximum.
 */
export class SubscriptionLag {
  private last: { at: number; sample: Promise<LagSample> } | undefined;

  constructor(private readonly options: SubscriptionLagOptions) {}

  sample(): Promise<LagSample> {
    const now = performance.now();
    if (this.last === undefined || now - this.last.at >= (this.options.maxAgeMs ?? 1_000)) {
      const sample = this.measure();
      this.last = { at: now, sample };
      // A failed sample is not kept: the next caller measures again.
      sample.catch(() => {
        if (this.last?.sample === sample) this.last = undefined;
      });
    }
    return this.last.sample;
  }

  private async measure(): Promise<LagSample> {
    const { client, stream, group, progress } = this.options;
    const [head, info] = await Promise.all([
      this.placeAt(BACKWARDS, END),
      client.getPersistentSubscriptionToStreamInfo(stream, group).catch(() => undefined),
    ]);
    const parked = info === undefined ? undefined : Number(info.stats.parkedMessageCount);
    const checkpoint = info?.stats.lastCheckpointedEventRevision ?? -1n;
    const own = progress.handledThrough();
    const through = own > checkpoint ? own : checkpoint;
    if (head === undefined || head.revision <= through) return { events: 0, seconds: 0, parked };
    const oldest = await this.placeAt(FORWARDS, through + 1n);
    const seconds = oldest === undefined ? 0 : Math.max(0, (head.created - oldest.created) / 1000);
    return { events: Number(head.revision - through), seconds, parked };
  }

  /** The place of one event of the stream (its link, unresolved), or undefined when there is none. */
  private async placeAt(
    direction: typeof FORWARDS | typeof BACKWARDS,
    fromRevision: bigint | typeof END,
  ): Promise<StreamPlace | undefined> {
    let place: StreamPlace | undefined;
    try {
      for await (const { event } of this.options.client.readStream(this.options.stream, {
        direction,
        fromRevision,
        maxCount: 1,
        resolveLinkTos: false,
      })) {
        if (event !== undefined) place = { revision: event.revision, created: event.created.getTime() };
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return place;
  }
}
