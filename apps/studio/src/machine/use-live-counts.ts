import { useEffect, useMemo, useState } from 'preact/hooks';
import type { StudioClient } from '../api/client';
import type { PopulationCounts } from '../api/contract';
import { useChanges, type ChangeFeed } from '../app/use-changes';
import { paced } from '../ui/paced';

/** Counts are fetched again on live changes, but at most this often. */
export const COUNTS_REFRESH_MS = 250;

export type LiveCounts = {
  readonly counts: PopulationCounts | null;
  readonly error: Error | null;
  readonly feed: ChangeFeed;
};

/** The population's counts per state, kept current from the engine's live changes. */
export function useLiveCounts(client: StudioClient): LiveCounts {
  const [counts, setCounts] = useState<PopulationCounts | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const refresh = useMemo(
    () =>
      paced(
        () =>
          client.counts().then(
            (fresh) => {
              setCounts(fresh);
              setError(null);
            },
            (failure: unknown) => setError(failure instanceof Error ? failure : new Error(String(failure))),
          ),
        COUNTS_REFRESH_MS,
      ),
    [client],
  );
  useEffect(() => {
    refresh.request();
    return () => refresh.stop();
  }, [refresh]);
  const feed = useChanges(client, () => refresh.request());
  return { counts, error, feed };
}
