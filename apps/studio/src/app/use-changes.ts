import { useEffect, useRef, useState } from 'preact/hooks';
import type { StudioClient } from '../api/client';
import type { StateChange } from '../api/contract';

export type ChangeFeed = 'connecting' | 'live' | 'reconnecting';

const RECONNECT_MS = 2_000;

/**
 * Follows the engine's live state changes while the component is shown, reconnecting after a
 * failure; `onChange` is also called (with null) on each (re)connection, since changes may have
 * been missed while the stream was down.
 */
export function useChanges(client: StudioClient, onChange: (change: StateChange | null) => void): ChangeFeed {
  const [feed, setFeed] = useState<ChangeFeed>('connecting');
  const handler = useRef(onChange);
  handler.current = onChange;
  useEffect(() => {
    const abort = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      client
        .changes(
          {
            onOpen: () => {
              setFeed('live');
              handler.current(null);
            },
            onChange: (change) => handler.current(change),
          },
          abort.signal,
        )
        .catch((error: unknown) => {
          if (abort.signal.aborted) return;
          console.warn('Heed Studio: the change stream failed, reconnecting', error);
          setFeed('reconnecting');
          retry = setTimeout(connect, RECONNECT_MS);
        });
    };
    connect();
    return () => {
      abort.abort();
      if (retry !== undefined) clearTimeout(retry);
    };
  }, [client]);
  return feed;
}
