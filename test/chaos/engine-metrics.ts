import { API_KEY } from './chaos-cluster';
import type { HeedProcess } from './heed-process';

/**
 * Signals an engine replica settled, by outcome (`processed`, `retried`, `parked`), from its own
 * `/metrics` (`heed_engine_signals_total`); empty when it does not answer.
 */
export async function settledBy(engine: HeedProcess): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  // A loaded machine may keep a replica from answering at once: a few tries, then it has told nothing.
  for (let attempt = 0; attempt < 3 && engine.running; attempt++) {
    try {
      const text = await fetch(`${engine.url}/metrics`, {
        headers: { authorization: `Bearer ${API_KEY}` },
        signal: AbortSignal.timeout(10_000),
      }).then((r) => r.text());
      for (const m of text.matchAll(/^heed_engine_signals_total\{[^}]*outcome="([a-z]+)"[^}]*\} (\S+)$/gm))
        counts[m[1]!] = Number(m[2]);
      return counts;
    } catch {
      continue;
    }
  }
  return counts;
}
