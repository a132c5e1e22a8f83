import { type Consumer } from './consumer';
import { type ConsumerStrategy, type PushResult } from './consumer-strategy';
import { type GroupMessage } from './group-message';
import { streamHash } from './stream-hash';

/** As on EventStoreDB: keys hash into this many buckets, and buckets are what consumers own. */
export const PINNED_BUCKET_COUNT = 1024;

type Bucket = { consumer: Consumer | undefined; inFlight: number };

/**
 * `Pinned` (and `PinnedByCorrelation`, which differs only in the key the group computes): every
 * message whose key hashes to a bucket goes to the consumer that owns the bucket, so all events of a
 * stream reach one consumer while it stays connected. A bucket is given to the consumer owning the
 * fewest when first needed; a new consumer takes its fair share of buckets from the busiest ones
 * (the quietest buckets first); a leaving consumer's buckets go to the others as their messages come
 * (the group retries its in-flight messages, which then land on the new owners).
 */
export class PinnedStrategy implements ConsumerStrategy {
  private readonly buckets: Bucket[] = Array.from({ length: PINNED_BUCKET_COUNT }, () => ({
    consumer: undefined,
    inFlight: 0,
  }));
  private readonly consumers: Consumer[] = [];
  private readonly owned = new Map<Consumer, number>();

  constructor(readonly name: 'Pinned' | 'PinnedByCorrelation' = 'Pinned') {}

  added(consumer: Consumer): void {
    this.consumers.push(consumer);
    this.owned.set(consumer, 0);
    const assigned = this.buckets.filter((b) => b.consumer !== undefined).length;
    const fairShare = Math.ceil(assigned / this.consumers.length);
    for (const other of this.consumers) {
      const excess = (this.owned.get(other) ?? 0) - fairShare;
      if (other === consumer || excess <= 0) continue;
      const movable = this.buckets
        .filter((b) => b.consumer === other)
        .sort((a, b) => a.inFlight - b.inFlight)
        .slice(0, excess);
      for (const bucket of movable) this.assign(bucket, consumer);
    }
  }

  removed(consumer: Consumer): void {
    const index = this.consumers.indexOf(consumer);
    if (index !== -1) this.consumers.splice(index, 1);
    this.owned.delete(consumer);
    for (const bucket of this.buckets) {
      if (bucket.consumer === consumer) {
        bucket.consumer = undefined;
        bucket.inFlight = 0;
      }
    }
  }

  push(message: GroupMessage): PushResult {
    if (!this.anyAvailable()) return 'full';
    const bucket = this.buckets[this.bucketOf(message.pinKey)]!;
    if (bucket.consumer === undefined) this.assign(bucket, this.leastLoaded());
    const consumer = bucket.consumer!;
    if (!consumer.push(message)) return 'skipped';
    bucket.inFlight += 1;
    return consumer;
  }

  confirmed(consumer: Consumer, message: GroupMessage): void {
    const bucket = this.buckets[this.bucketOf(message.pinKey)]!;
    if (bucket.consumer === consumer && bucket.inFlight > 0) bucket.inFlight -= 1;
  }

  /** The consumer that receives this key's messages now, if its bucket is assigned. */
  ownerOf(pinKey: string): Consumer | undefined {
    return this.buckets[this.bucketOf(pinKey)]!.consumer;
  }

  private anyAvailable(): boolean {
    for (const consumer of this.consumers) if (consumer.availableSlots > 0) return true;
    return false;
  }

  private bucketOf(pinKey: string): number {
    return streamHash(pinKey) % PINNED_BUCKET_COUNT;
  }

  private leastLoaded(): Consumer {
    let best = this.consumers[0]!;
    for (const consumer of this.consumers) {
      if ((this.owned.get(consumer) ?? 0) < (this.owned.get(best) ?? 0)) best = consumer;
    }
    return best;
  }

  private assign(bucket: Bucket, consumer: Consumer): void {
    if (bucket.consumer !== undefined) this.owned.set(bucket.consumer, (this.owned.get(bucket.consumer) ?? 1) - 1);
    bucket.consumer = consumer;
    bucket.inFlight = 0;
    this.owned.set(consumer, (this.owned.get(consumer) ?? 0) + 1);
  }
}
