import type { SegmentCall } from '@heed/simulator';
import { SingleBar, Presets } from 'cli-progress';
import { postBatch, type CallResult, type IngestTarget } from './ingest-client';

/** How to send: events per second (0: as fast as ingest takes them), calls per request, progress bar. */
export type SendOptions = Readonly<{
  rate: number;
  batchSize: number;
  progress: boolean;
  /** Told of each request's results and when it was sent (`performance.now()`), e.g. for latency. */
  onResults?: (results: readonly CallResult[], sentAt: number) => void;
}>;

/** What a send did. */
export type SendSummary = Readonly<{
  calls: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  requests: number;
  seconds: number;
  eventsPerSecond: number;
  /** The first few rejections, with their codes. */
  rejections: readonly string[];
}>;

/**
 * Sends calls in order, one request at a time so that each customer's events are appended in time
 * order, paced to `rate` events per second.
 */
export async function sendCalls(
  target: IngestTarget,
  calls: readonly SegmentCall[],
  options: SendOptions,
): Promise<SendSummary> {
  const bar = options.progress
    ? new SingleBar(
        { format: 'sending [{bar}] {value}/{total} events | {rate} ev/s | eta {eta}s' },
        Presets.shades_classic,
      )
    : undefined;
  bar?.start(calls.length, 0, { rate: 0 });
  const started = performance.now();
  let accepted = 0;
  let duplicate = 0;
  let rejected = 0;
  let requests = 0;
  const rejections: string[] = [];
  try {
    for (let i = 0; i < calls.length; i += options.batchSize) {
      if (options.rate > 0) {
        const due = started + (i / options.rate) * 1000;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const chunk = calls.slice(i, i + options.batchSize);
      const sentAt = performance.now();
      const results = await postBatch(target, chunk);
      requests++;
      options.onResults?.(results, sentAt);
      for (const r of results) {
        if (r.status === 'accepted') accepted++;
        else if (r.status === 'duplicate') duplicate++;
        else {
          rejected++;
          if (rejections.length < 5) rejections.push(`${r.messageId}: ${r.code ?? 'rejected'}`);
        }
      }
      const done = Math.min(calls.length, i + chunk.length);
      bar?.update(done, { rate: Math.round(done / ((performance.now() - started) / 1000)) });
    }
  } finally {
    bar?.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    calls: calls.length,
    accepted,
    duplicate,
    rejected,
    requests,
    seconds,
    eventsPerSecond: calls.length / seconds,
    rejections,
  };
}

/** The summary in a few lines for a terminal. */
export function formatSummary(summary: SendSummary): string {
  const lines = [
    `sent ${summary.calls} events in ${summary.requests} requests, ${summary.seconds.toFixed(1)} s (${Math.round(summary.eventsPerSecond)} events/s)`,
    `  accepted ${summary.accepted}, duplicate ${summary.duplicate}, rejected ${summary.rejected}`,
  ];
  for (const r of summary.rejections) lines.push(`  rejected: ${r}`);
  return lines.join('\n');
}
