/**
 * The value of one sample of a Prometheus text scrape: metric `name` with exactly `labels`, or 0
 * when the scrape holds no such sample.
 */
export function sampleOf(scrape: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of scrape.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const found = (match[2] ?? '')
      .split(/,(?=[a-zA-Z_]+=")/)
      .filter((l) => l !== '')
      .sort()
      .join(',');
    if (found === wanted) return Number(match[3]);
  }
  return 0;
}

/** Scrapes `url` (a service's `/metrics`) until `until` holds of the text, for at most `timeoutMs`. */
export async function scrapeUntil(
  url: string,
  until: (scrape: string) => boolean,
  timeoutMs = 10_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await (await fetch(url)).text();
    if (until(text)) return text;
    if (Date.now() > deadline) throw new Error(`${url}: the condition did not hold within ${timeoutMs} ms:\n${text}`);
    // A counter moves after an acknowledgement, which has no event of its own to wait for.
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
