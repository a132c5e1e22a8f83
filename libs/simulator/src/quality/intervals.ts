import { probit } from 'simple-statistics';

/** A two-sided confidence interval. */
export type Interval = Readonly<{ low: number; high: number }>;

/** The confidence of the intervals in the quality report. */
export const reportConfidence = 0.95;

/** The standard normal quantile that leaves `(1 − confidence) / 2` in each tail. */
const zOf = (confidence: number): number => probit(1 - (1 - confidence) / 2);

/**
 * Wilson score interval of a proportion `successes / trials`: where the rate of the process that
 * produced the population lies, at `confidence`, given that this population is one draw of it.
 * Null without trials.
 */
export function proportionInterval(successes: number, trials: number, confidence = reportConfidence): Interval | null {
  if (trials === 0) return null;
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || successes > trials)
    throw new RangeError(
      `proportionInterval: expected 0 ≤ successes ≤ trials, whole numbers; got ${successes} / ${trials}`,
    );
  const z = zOf(confidence);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Distribution-free interval of the median of `sorted` values (ascending): the order statistics
 * whose ranks are `n/2 ∓ z·√n/2` (the normal approximation of the binomial count of values below
 * the median). Null for no values.
 */
export function medianInterval(sorted: readonly number[], confidence = reportConfidence): Interval | null {
  const n = sorted.length;
  if (n === 0) return null;
  const spread = (zOf(confidence) * Math.sqrt(n)) / 2;
  const lowRank = Math.max(1, Math.floor(n / 2 - spread));
  const highRank = Math.min(n, Math.ceil(n / 2 + 1 + spread));
  return { low: sorted[lowRank - 1]!, high: sorted[highRank - 1]! };
}
