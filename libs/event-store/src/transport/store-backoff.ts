/** How long to wait between attempts while the store is unavailable. */
export interface StoreBackoff {
  /** The wait after the first failure, in milliseconds. */
  readonly initialMs: number;
  /** The longest wait, in milliseconds: the wait doubles up to it. */
  readonly maxMs: number;
}

/** 100 ms, doubling to 5 s. */
export const DEFAULT_STORE_BACKOFF: StoreBackoff = { initialMs: 100, maxMs: 5_000 };

/**
 * The wait after `failures` consecutive failures (1 or more): `initialMs` doubled per failure up to
 * `maxMs`, of which the upper half is random, so that the messages held during one outage do not
 * all try again at the same moment.
 */
export function backoffDelay(failures: number, backoff: StoreBackoff, random: () => number = Math.random): number {
  const doublings = Math.min(Math.max(failures, 1) - 1, 30);
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** doublings);
  return ceiling / 2 + (random() * ceiling) / 2;
}
