import type { DeliveryPolicy } from '@heed/connect';

/** Longest `Retry-After` honoured; a receiver asking for more is retried after this. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * Delay before attempt `attempt + 1` after `attempt` failed: exponential backoff with full jitter
 * (`random` in [0, 1)), or the receiver's `Retry-After` when it gave one and it is longer.
 */
export function retryDelay(
  attempt: number,
  policy: Pick<DeliveryPolicy, 'backoffInitialMs' | 'backoffMaxMs'>,
  random: number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(policy.backoffMaxMs, policy.backoffInitialMs * 2 ** Math.max(0, attempt - 1));
  const backoff = Math.floor(random * ceiling);
  return retryAfterMs === undefined ? backoff : Math.max(backoff, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

/** A `Retry-After` header (delta seconds or an HTTP date) in ms from `nowMs`; undefined if unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
