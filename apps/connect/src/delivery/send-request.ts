import type { OutboundRequest } from '@heed/connect';
import { parseRetryAfter } from './retry-delay';

/** What one attempt came to. */
export type AttemptResult =
  | Readonly<{ outcome: 'delivered'; status: number; durationMs: number }>
  | Readonly<{
      outcome: 'failed';
      /** The HTTP status, or null when no answer came (timeout, refused connection). */
      status: number | null;
      error: string;
      /** False for an answer that a retry cannot change (4xx other than 408, 425, 429). */
      retryable: boolean;
      retryAfterMs: number | undefined;
      durationMs: number;
    }>;

const RETRYABLE_4XX = new Set([408, 425, 429]);

/** A transport error in words, without the URL (which may hold a secret). */
function describeTransportError(error: unknown, timeoutMs: number): string {
  // Duck-typed: an abort reason is a DOMException, of another realm under some runners.
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : undefined;
  if (name === 'TimeoutError' || name === 'AbortError') return `timeout: no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return `network error: ${cause.code}`;
  return `network error: ${error instanceof Error ? error.name : 'unknown'}`;
}

/**
 * Makes one outbound call, cut off after `timeoutMs` (or by `abort`), and classifies its outcome.
 *
 * The timeout is a timer this call holds until it ends, not `AbortSignal.timeout()` joined by
 * `AbortSignal.any()`: Node keeps a timeout signal inside `any()` only weakly, so a garbage
 * collection while the receiver stays silent could lose it, and the call (with the customer's
 * whole chain and a concurrency slot behind it) would wait forever. And a call with no answer
 * ends at its timeout even if the transport were slow to honour the abort.
 */
export async function sendRequest(
  request: OutboundRequest,
  timeoutMs: number,
  abort?: AbortSignal,
): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const cutOff = new AbortController();
  const progress = { answered: false };
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const ended = new Promise<AttemptResult>((resolve) => {
    const end = (reason: unknown): void => {
      cutOff.abort(reason);
      // Once the status is in, the answer stands: the abort only stops reading its body.
      if (!progress.answered)
        resolve(failed(null, describeTransportError(reason, timeoutMs), true, undefined, elapsed()));
    };
    timer = setTimeout(() => end(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
    if (abort === undefined) return;
    onAbort = () => end(abort.reason);
    if (abort.aborted) onAbort();
    else abort.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([call(request, timeoutMs, cutOff.signal, elapsed, progress), ended]);
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) abort?.removeEventListener('abort', onAbort);
  }
}

const failed = (
  status: number | null,
  error: string,
  retryable: boolean,
  retryAfterMs: number | undefined,
  durationMs: number,
): AttemptResult => ({ outcome: 'failed', status, error, retryable, retryAfterMs, durationMs });

async function call(
  request: OutboundRequest,
  timeoutMs: number,
  signal: AbortSignal,
  elapsed: () => number,
  progress: { answered: boolean },
): Promise<AttemptResult> {
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
      redirect: 'manual',
    });
    progress.answered = true;
    // The answer's body is not used; reading it frees the connection for the next request.
    const text = await response.text().catch(() => '');
    if (response.status >= 200 && response.status < 300)
      return { outcome: 'delivered', status: response.status, durationMs: elapsed() };
    const retryable = response.status >= 500 || RETRYABLE_4XX.has(response.status);
    return failed(
      response.status,
      `HTTP ${response.status}${text === '' ? '' : `: ${text.slice(0, 200)}`}`,
      retryable,
      response.status === 429 || response.status === 503
        ? parseRetryAfter(response.headers.get('retry-after'), Date.now())
        : undefined,
      elapsed(),
    );
  } catch (error) {
    return failed(null, describeTransportError(error, timeoutMs), true, undefined, elapsed());
  }
}
