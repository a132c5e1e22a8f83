/** One signal's part in a score: which feature, how many points, and why in plain words. */
export type Contribution = Readonly<{ signal: string; points: number; reason: string }>;

/** A score from 0 to 100 with its reasons (strongest first) and each signal's contribution. */
export type Score = Readonly<{ score: number; reasons: readonly string[]; contributions: readonly Contribution[] }>;

/** Sums contributions into a 0–100 score; zero-point contributions are left out. */
export function scoreFrom(contributions: readonly Contribution[]): Score {
  const counted = contributions.filter((c) => c.points > 0).sort((a, b) => b.points - a.points);
  const total = counted.reduce((sum, c) => sum + c.points, 0);
  return {
    score: Math.max(0, Math.min(100, Math.round(total))),
    reasons: counted.map((c) => c.reason),
    contributions: counted,
  };
}

/** `n thing` or `n things`. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
