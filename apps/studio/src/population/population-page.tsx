import { statesOf } from '@heed/statechart';
import { useMemo } from 'preact/hooks';
import type { StateId } from '../api/contract';
import { useStudio } from '../app/studio-context';
import { useLiveCounts } from '../machine/use-live-counts';
import { EmptyState } from '../ui/empty-state';
import { FeedStatus } from '../ui/feed-status';
import { formatCount } from '../ui/format';
import { Problem } from '../ui/problem';
import { useLoad } from '../ui/use-load';
import { CustomerList } from './customer-list';
import { HistoryChart } from './history-chart';
import { StatePicker } from './state-picker';

const HISTORY_DAYS = 14;
const MAX_SERIES = 9;

/** The population: counts over time, and the customers of a state. */
export function PopulationPage({ state }: { readonly state: StateId | null }) {
  const { client, machine } = useStudio();
  const { counts, error, feed } = useLiveCounts(client);
  const history = useLoad(() => client.history(HISTORY_DAYS), [client]);
  const node = useMemo(() => statesOf(machine).find((s) => s.id === state), [machine, state]);
  // A state and its children; with none chosen, the leaf states that have customers.
  const series = useMemo(() => {
    if (node !== undefined) return [node.id, ...node.children.map((c) => c.id)].slice(0, MAX_SERIES);
    const latest = history.data?.points.at(-1)?.states ?? {};
    return statesOf(machine)
      .filter((s) => s.children.length === 0 && (latest[s.id] ?? 0) > 0)
      .map((s) => s.id)
      .slice(0, MAX_SERIES);
  }, [node, machine, history.data]);

  return (
    <section class="population-page" aria-labelledby="population-title">
      <div class="toolbar">
        <h1 id="population-title">Population{state !== null && <span class="state-title">: {state}</span>}</h1>
        <p class="summary">
          {counts === null ? 'Loading counts…' : `${formatCount(counts.customers)} customers`} ·{' '}
          <FeedStatus feed={feed} />
        </p>
      </div>
      {error && <Problem error={error} doing="read the population's counts" />}
      <div class="population-layout">
        <StatePicker machine={machine} counts={counts?.states} selected={state} />
        <div class="population-main">
          <h2>Customers per state over the last {HISTORY_DAYS} days (hourly, UTC)</h2>
          {history.error && <Problem error={history.error} doing="read the counts over time" retry={history.reload} />}
          {history.data !== null &&
            (history.data.points.length === 0 ? (
              <EmptyState title="No history yet.">
                <p>Send signals to ingest (see the README): each hour of customer time adds a point.</p>
              </EmptyState>
            ) : (
              <HistoryChart history={history.data} states={series} />
            ))}
          {state === null ? (
            <p class="muted">Choose a state to list its customers.</p>
          ) : node === undefined ? (
            <Problem
              error={new Error(`The machine (version ${machine.version}) has no state ${state}.`)}
              doing="show this state"
            />
          ) : (
            <CustomerList key={state} state={state} asOf={counts?.asOf ?? null} version={counts?.checkpoint.position} />
          )}
        </div>
      </div>
    </section>
  );
}
