import type { SegmentCall } from '@heed/simulator';
import { WRITE_KEY } from './chaos-cluster';

/** How ingest answered the requests of a load, by kind. */
export interface LoadStats {
  requests: number;
  /** Requests answered 200 (every call acknowledged, accepted or duplicate). */
  ok: number;
  overloaded: number;
  unavailable: number;
  /** Other 5xx answers, retried only when `retryServerErrors` is set (else the load fails). */
  serverErrors: number;
  /** Those answers by the error code of their body (`INTERNAL_ERROR` …). */
  serverErrorCodes: Record<string, number>;
  /** 429 and 503 answers without a `Retry-After` header: each one breaks ingest's contract. */
  withoutRetryAfter: number;
  /** The connection was refused or reset: ingest was down or restarting. */
  networkErrors: number;
  /** Calls ingest refused for good (rejected): a load of valid calls should have none. */
  rejected: Array<{ messageId: string; code: string }>;
}

export interface LoadOptions {
  /** Calls per `/v1/batch` request. Default 50. */
  readonly batchSize?: number;
  /** Requests in flight at once. Default 4. */
  readonly concurrency?: number;
  /** Calls per second offered (paced by batches); unlimited when undefined. */
  readonly rate?: number;
  /** Longest a batch is retried before the load gives up on it. Default 5 minutes. */
  readonly giveUpAfterMs?: number;
  /** Retry 5xx answers other than 503 too, as the Segment SDKs do. Default false: such an answer fails the load. */
  readonly retryServerErrors?: boolean;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A well-behaved producer: sends calls to ingest in batches, and retries a batch with the same
 * message ids after `Retry-After` whenever ingest answers 429 or 503 or cannot be reached, until it
 * is acknowledged. It remembers every call ingest acknowledged (`accepted` or `duplicate`) with the
 * event id ingest gave it: what the store must hold afterwards, exactly once each.
 */
export class SignalLoad {
  /** Acknowledged calls: messageId → { eventId, customerId }. */
  readonly acknowledged = new Map<string, { eventId: string; customerId: string }>();
  readonly stats: LoadStats = {
    requests: 0,
    ok: 0,
    overloaded: 0,
    unavailable: 0,
    serverErrors: 0,
    serverErrorCodes: {},
    withoutRetryAfter: 0,
    networkErrors: 0,
    rejected: [],
  };
  private stopped = false;

  constructor(
    private readonly ingestUrl: () => string,
    private readonly options: LoadOptions = {},
  ) {}

  /** Sends `calls` (in order, `concurrency` batches at once); resolves once each is acknowledged. */
  async send(calls: readonly SegmentCall[]): Promise<void> {
    const size = this.options.batchSize ?? 50;
    const batches: SegmentCall[][] = [];
    for (let i = 0; i < calls.length; i += size) batches.push(calls.slice(i, i + size));
    const startedAt = performance.now();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (!this.stopped && next < batches.length) {
        const index = next++;
        const rate = this.options.rate;
        if (rate !== undefined) {
          const due = startedAt + ((index * size) / rate) * 1000;
          const wait = due - performance.now();
          if (wait > 0) await pause(wait);
        }
        await this.post(batches[index]!);
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency ?? 4 }, worker));
  }

  /** Stops taking new batches (those in flight finish). */
  stop(): void {
    this.stopped = true;
  }

  /** Posts one batch until ingest acknowledges it. */
  async post(batch: readonly SegmentCall[]): Promise<void> {
    const body = JSON.stringify({ batch });
    const deadline = performance.now() + (this.options.giveUpAfterMs ?? 5 * 60_000);
    for (let attempt = 1; ; attempt++) {
      if (performance.now() > deadline) throw new Error(`a batch was not acknowledged after ${attempt - 1} attempts`);
      this.stats.requests++;
      let response: Response;
      let text: string;
      try {
        response = await fetch(`${this.ingestUrl()}/v1/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${WRITE_KEY}` },
          body,
          signal: AbortSignal.timeout(30_000),
        });
        text = await response.text();
      } catch {
        this.stats.networkErrors++;
        await pause(Math.min(100 * attempt, 1_000));
        continue;
      }
      if (response.status === 429 || response.status === 503) {
        if (response.status === 429) this.stats.overloaded++;
        else this.stats.unavailable++;
        const retryAfter = Number(response.headers.get('retry-after'));
        if (!(retryAfter > 0)) this.stats.withoutRetryAfter++;
        await pause(Math.min(retryAfter > 0 ? retryAfter * 1000 : 1000, 1_000));
        continue;
      }
      if (response.status >= 500 && this.options.retryServerErrors === true) {
        this.stats.serverErrors++;
        const code = /"code":"([A-Z_]+)"/.exec(text)?.[1] ?? String(response.status);
        this.stats.serverErrorCodes[code] = (this.stats.serverErrorCodes[code] ?? 0) + 1;
        await pause(Math.min(100 * attempt, 1_000));
        continue;
      }
      if (response.status !== 200) throw new Error(`ingest answered ${response.status}: ${text.slice(0, 500)}`);
      this.stats.ok++;
      const results = (JSON.parse(text) as { results: Array<Record<string, unknown>> }).results;
      results.forEach((result, i) => {
        const call = batch[i]!;
        if (result['status'] === 'accepted' || result['status'] === 'duplicate') {
          this.acknowledged.set(call.messageId, { eventId: String(result['eventId']), customerId: call.userId });
        } else {
          this.stats.rejected.push({ messageId: call.messageId, code: String(result['code']) });
        }
      });
      return;
    }
  }
}
