import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Problem } from './problem';

/**
 * A view whose code is a chunk of its own, loaded when the view is first shown: the first view
 * does not wait for the others' code (the population's charting library among it).
 */
export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  return function LazyView(props: P) {
    const [view, setView] = useState(() => loaded);
    const [error, setError] = useState<Error | null>(null);
    const [attempt, setAttempt] = useState(0);
    useEffect(() => {
      if (view !== undefined) return;
      let current = true;
      pending ??= load().then((v) => (loaded = v));
      pending.then(
        (v) => current && setView(() => v),
        (failure: unknown) => {
          pending = undefined;
          if (current) setError(failure instanceof Error ? failure : new Error(String(failure)));
        },
      );
      return () => {
        current = false;
      };
    }, [attempt]);
    if (view !== undefined) {
      const View = view;
      return <View {...props} />;
    }
    if (error !== null)
      return (
        <Problem
          error={error}
          doing="load this view"
          retry={() => {
            setError(null);
            setAttempt((n) => n + 1);
          }}
        />
      );
    return <p class="loading">Loading…</p>;
  };
}
