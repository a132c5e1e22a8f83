import { countsPerEdge, transitionEdges } from '@heed/statechart';
import { useMemo, useState } from 'preact/hooks';
import type { TransitionWindow } from '../api/contract';
import { navigate } from '../app/use-route';
import { useStudio } from '../app/studio-context';
import { EmptyState } from '../ui/empty-state';
import { FeedStatus } from '../ui/feed-status';
import { formatCount, formatTime } from '../ui/format';
import { Problem } from '../ui/problem';
import { useLoad } from '../ui/use-load';
import { Statechart } from './statechart';
import { useLiveCounts } from './use-live-counts';
import { useStatechartLayout } from './use-statechart-layout';
import { WindowSelector } from './window-selector';

/** The running machine as a statechart, with live counts per state and traffic per transition. */
export function MachinePage() {
  const { client, machine } = useStudio();
  const { layout, error: layoutError } = useStatechartLayout(client, machine);
  const { counts, error, feed } = useLiveCounts(client);
  const [window, setWindow] = useState<TransitionWindow>('day');
  const [fit, setFit] = useState(false);
  // The window's counts follow the live counts: fetched again whenever those are.
  const transitions = useLoad(() => client.transitions(window), [client, window, counts]);
  const edges = useMemo(() => transitionEdges(machine), [machine]);
  const traffic = useMemo(
    () => (transitions.data === null ? null : countsPerEdge(edges, transitions.data.transitions)),
    [edges, transitions.data],
  );

  return (
    <section class="machine-page" aria-labelledby="machine-title">
      <div class="toolbar">
        <h1 id="machine-title">Machine</h1>
        <p class="summary">
          {counts === null ? (
            'Loading counts…'
          ) : (
            <>
              <strong>{formatCount(counts.customers)}</strong> customers · as of {formatTime(counts.asOf)} ·{' '}
              {counts.checkpoint.caughtUp ? 'read model caught up' : 'read model catching up…'}
            </>
          )}{' '}
          · <FeedStatus feed={feed} />
        </p>
        <WindowSelector value={window} onChange={setWindow} />
        <button type="button" aria-pressed={fit} onClick={() => setFit(!fit)}>
          Fit to width
        </button>
        {transitions.data && (
          <p class="summary small">
            {formatTime(transitions.data.since)} – {formatTime(transitions.data.until)}
          </p>
        )}
      </div>
      {error && <Problem error={error} doing="read the population's counts" />}
      {transitions.error && (
        <Problem error={transitions.error} doing="read the transitions of the window" retry={transitions.reload} />
      )}
      {counts?.customers === 0 && (
        <EmptyState title="No customers yet.">
          <p>
            Send signals to ingest (<code>POST /v1/track</code> with a write key), or run <code>npm run demo</code>: see
            the README. Counts appear here as the engine processes them.
          </p>
        </EmptyState>
      )}
      {layoutError && <Problem error={layoutError} doing="lay the statechart out" />}
      <div class="chart-scroll">
        {layout === null ? (
          !layoutError && <p class="loading">Laying the statechart out…</p>
        ) : (
          <Statechart
            layout={layout}
            label={`Statechart of machine ${machine.id}, version ${machine.version}`}
            counts={counts?.states ?? 'loading'}
            fit={fit}
            traffic={traffic === null ? undefined : { perEdge: traffic.perEdge, window }}
            onSelectState={(state) => navigate({ view: 'population', state: state.id })}
          />
        )}
      </div>
      {traffic !== null && traffic.unmatched.length > 0 && (
        <details class="unmatched">
          <summary>{traffic.unmatched.length} kinds of state change the chart has no arrow for</summary>
          <ul>
            {traffic.unmatched.map((t) => (
              <li key={`${t.from}|${t.to}|${t.event}`}>
                {t.from} → {t.to} on {t.event}: {formatCount(t.count)}
              </li>
            ))}
          </ul>
        </details>
      )}
      <p class="muted small">Click a state to see its customers and its count over time.</p>
    </section>
  );
}
