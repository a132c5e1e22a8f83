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
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `timeout: no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return `network error: ${cause.code}`;
  return `network error: ${error instanceof Error ? error.name : 'unknown'}`;
}

/** Makes one outbound call, cut off after `timeoutMs` (or by `abort`), and classifies its outcome. */
export async function sendRequest(
  request: OutboundRequest,
  timeoutMs: number,
  abort?: AbortSignal,
): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal:
        abort === undefined ? AbortSignal.timeout(timeoutMs) : AbortSignal.any([AbortSignal.timeout(timeoutMs), abort]),
      redirect: 'manual',
    });
    // The answer's body is not used; reading it frees the connection for the next request.
    const text = await response.text().catch(() => '');
    if (response.status >= 200 && response.status < 300)
      return { outcome: 'delivered', status: response.status, durationMs: elapsed() };
    const retryable = response.status >= 500 || RETRYABLE_4XX.has(response.status);
    return {
      outcome: 'failed',
      status: response.status,
      error: `HTTP ${response.status}${text === '' ? '' : `: ${text.slice(0, 200)}`}`,
      retryable,
      retryAfterMs:
        response.status === 429 || response.status === 503
          ? parseRetryAfter(response.headers.get('retry-after'), Date.now())
          : undefined,
      durationMs: elapsed(),
    };
  } catch (error) {
    return {
      outcome: 'failed',
      status: null,
      error: describeTransportError(error, timeoutMs),
      retryable: true,
      retryAfterMs: undefined,
      durationMs: elapsed(),
    };
  }
}
