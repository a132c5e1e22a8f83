/** A share with its 95 % interval. */
export interface Proportion {
  readonly rate: number;
  readonly low: number;
  readonly high: number;
}

const Z = 1.959964;

/** Wilson's score interval (95 %) for `k` of `n`; `NaN`s when `n` is 0. */
export function wilson(k: number, n: number): Proportion {
  if (n === 0) return { rate: Number.NaN, low: Number.NaN, high: Number.NaN };
  const p = k / n;
  const z2 = Z * Z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * The difference of two shares, `a − b`, with Newcombe's 95 % interval (built from both Wilson
 * intervals): it spans 0 when the data cannot tell the two apart.
 */
export function difference(a: Proportion, b: Proportion): Proportion {
  const d = a.rate - b.rate;
  return {
    rate: d,
    low: d - Math.sqrt((a.rate - a.low) ** 2 + (b.high - b.rate) ** 2),
    high: d + Math.sqrt((a.high - a.rate) ** 2 + (b.rate - b.low) ** 2),
  };
}
