import type { SegmentCall } from '@heed/simulator';

/** One call's outcome as ingest answered it. */
export type CallResult = Readonly<{
  status: 'accepted' | 'duplicate' | 'rejected';
  messageId: string;
  eventId?: string;
  code?: string;
}>;

/** Ingest answered something other than a batch result, after the retries. */
export class IngestRequestError extends Error {
  readonly code = 'INGEST_REQUEST_FAILED';
}

/** Where a running Heed ingest is and how to authenticate to it. */
export type IngestTarget = Readonly<{ url: string; writeKey: string }>;

/** How long a batch is retried while ingest sheds load or the store is out, as SDKs keep retrying. */
const RETRY_FOR_MS = 10 * 60_000;
const MAX_WAIT_MS = 30_000;

/**
 * Posts calls to `/v1/batch` and returns one result per call. Overload (429) and store outages (503)
 * are retried after their `Retry-After` (longer each time, up to 30 s a wait) for up to ten minutes;
 * the same message ids make the retry safe.
 */
export async function postBatch(target: IngestTarget, calls: readonly SegmentCall[]): Promise<CallResult[]> {
  const body = JSON.stringify({ batch: calls });
  const giveUpAt = Date.now() + RETRY_FOR_MS;
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${target.url.replace(/\/$/, '')}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${target.writeKey}` },
      body,
    });
    const text = await response.text();
    if ((response.status === 429 || response.status === 503) && Date.now() < giveUpAt) {
      const seconds = Number(response.headers.get('retry-after') ?? '1');
      const waitMs = Math.min(MAX_WAIT_MS, Math.max(0.05, Math.min(seconds, 5)) * 1000 * attempt);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      continue;
    }
    const answer = parse(text) as { results?: Array<Record<string, unknown>>; code?: string; message?: string };
    if (!Array.isArray(answer.results)) {
      throw new IngestRequestError(
        `POST ${target.url}/v1/batch: expected a batch result, got ${response.status} ${answer.code ?? ''} ${answer.message ?? text.slice(0, 200)}`,
      );
    }
    return answer.results.map((r, i) => ({
      status: r['status'] === 'accepted' || r['status'] === 'duplicate' ? r['status'] : 'rejected',
      messageId: typeof r['messageId'] === 'string' ? r['messageId'] : (calls[i]?.messageId ?? '?'),
      ...(typeof r['eventId'] === 'string' && { eventId: r['eventId'] }),
      ...(typeof r['code'] === 'string' && { code: r['code'] }),
    }));
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
