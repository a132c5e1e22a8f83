import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { StudioClient } from '../api/client';
import type { TimelineItem } from '../api/contract';

const PAGE_SIZE = 100;

export type TimelineState = {
  readonly items: readonly TimelineItem[];
  /** More items follow those loaded (`Load more`). */
  readonly more: boolean;
  readonly error: Error | null;
  readonly loading: boolean;
  readonly loadMore: () => Promise<void>;
  /** Reads what came after the last item loaded (live changes of the customer). */
  readonly catchUp: () => Promise<void>;
};

type Loaded = { readonly items: readonly TimelineItem[]; readonly next: string | null };

/** A customer's timeline, read a page at a time from the start, and followed at its end. */
export function useTimeline(client: StudioClient, customerId: string): TimelineState {
  const [loaded, setLoaded] = useState<Loaded>({ items: [], next: null });
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const current = useRef(loaded);
  current.current = loaded;

  const reads = useMemo(() => {
    // One read at a time, in the order asked: each page starts where the previous one ended.
    let queue: Promise<void> = Promise.resolve();
    const enqueue = (after: () => string | null | undefined) =>
      (queue = queue.then(async () => {
        const cursor = after();
        if (cursor === undefined) return;
        setLoading(true);
        try {
          const page = await client.timeline(customerId, { after: cursor, limit: PAGE_SIZE });
          const before = cursor === null ? [] : current.current.items;
          current.current = { items: [...before, ...page.items], next: page.next };
          setLoaded(current.current);
          setError(null);
        } catch (failure) {
          setError(failure instanceof Error ? failure : new Error(String(failure)));
        } finally {
          setLoading(false);
        }
      }));
    return {
      first: () => enqueue(() => null),
      more: () => enqueue(() => current.current.next ?? undefined),
      // Only once the end is loaded: until then `Load more` reaches the new items.
      catchUp: () =>
        enqueue(() => (current.current.next !== null ? undefined : (current.current.items.at(-1)?.position ?? null))),
    };
  }, [client, customerId]);

  useEffect(() => {
    void reads.first();
  }, [reads]);

  return {
    items: loaded.items,
    more: loaded.next !== null,
    error,
    loading,
    loadMore: reads.more,
    catchUp: reads.catchUp,
  };
}
