import { useEffect, useState } from 'preact/hooks';

export type Loaded<T> = {
  readonly data: T | null;
  readonly error: Error | null;
  readonly loading: boolean;
  /** Loads again (a "try again" button). */
  readonly reload: () => void;
};

/**
 * Loads data when `deps` change, keeping the previous data while the next loads (no flicker on
 * live refreshes); an answer that arrives after the inputs changed is dropped.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: Error | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => current && setState({ data, error: null, loading: false }),
      (error: unknown) =>
        current &&
        setState((s) => ({ ...s, error: error instanceof Error ? error : new Error(String(error)), loading: false })),
    );
    return () => {
      current = false;
    };
    // The caller names what the load depends on, as with useEffect.
  }, [...deps, attempt]);
  return { ...state, reload: () => setAttempt((n) => n + 1) };
}
