/** A small seeded generator (mulberry32): the same seed draws the same numbers on every machine. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` keys drawn without replacement with `seed`, returned sorted. The keys are sorted first, so
 * the sample depends on which keys there are, never on the order they were listed in: the same
 * store, `n` and seed give the same sample.
 */
export function seededSample(keys: Iterable<string>, n: number, seed: number): string[] {
  const pool = [...new Set(keys)].sort();
  if (n >= pool.length) return pool;
  const next = generator(seed);
  // A partial Fisher–Yates shuffle: the first n places are the sample.
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(next() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n).sort();
}
