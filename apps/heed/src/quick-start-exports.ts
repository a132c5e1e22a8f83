/** What the quick-start line needs of a running Heed. */
export interface QuickStartTarget {
  readonly storeUrl: string;
  readonly ingestUrl: string;
  readonly engineUrl: string;
  readonly generated: { readonly writeKey?: string; readonly apiKey?: string };
}

/** Quotes a value for a POSIX shell (a connection string holds `?` and `&`). */
const quoted = (value: string): string =>
  /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * The `export` line printed at start, which a newcomer pastes into a second terminal: the
 * addresses of this Heed, and its development keys when it uses them, in the variables that the
 * README's quick start and the tools (`npm run demo`) read. Configured keys are never printed.
 */
export function quickStartExports(heed: QuickStartTarget): string {
  const variables: Array<[string, string | undefined]> = [
    ['HEED_INGEST_URL', heed.ingestUrl],
    ['HEED_ENGINE_URL', heed.engineUrl],
    ['HEED_STORE_URL', heed.storeUrl],
    ['HEED_WRITE_KEY', heed.generated.writeKey],
    ['HEED_API_KEY', heed.generated.apiKey],
  ];
  return `export ${variables
    .filter((v): v is [string, string] => v[1] !== undefined)
    .map(([name, value]) => `${name}=${quoted(value)}`)
    .join(' ')}`;
}
