/** One signal's part in a score: which feature, how many points, and why in plain words. */
export type Contribution = Readonly<{ signal: string; points: number; reason: string }>;

/** A score from 0 to 100 with its reasons (strongest first) and each signal's contribution. */
export type Score = Readonly<{ score: number; reasons: readonly string[]; contributions: readonly Contribution[] }>;

/** Sums contributions into a 0–100 score; zero-point contributions are left out. */
export function scoreFrom(contributions: readonly Contribution[]): Score {
  const counted = contributions.filter((c) => c.points > 0).sort((a, b) => b.points - a.points);
  return {
    score: totalOf(counted.map((c) => c.points)),
    reasons: counted.map((c) => c.reason),
    contributions: counted,
  };
}

/** A score's number from points alone: the positive ones summed strongest first, rounded into 0–100. */
export function totalOf(points: readonly number[]): number {
  const counted = points.filter((p) => p > 0).sort((a, b) => b - a);
  const total = counted.reduce((sum, p) => sum + p, 0);
  return Math.max(0, Math.min(100, Math.round(total)));
}

/** `n thing` or `n things`. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
