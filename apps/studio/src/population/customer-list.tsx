import { useState } from 'preact/hooks';
import type { StateId } from '../api/contract';
import { routeHash } from '../app/route';
import { useStudio } from '../app/studio-context';
import { EmptyState } from '../ui/empty-state';
import { formatCount, formatDuration, formatTime } from '../ui/format';
import { Problem } from '../ui/problem';
import { useLoad } from '../ui/use-load';

const PAGE_SIZE = 50;

export type CustomerListProps = {
  readonly state: StateId;
  /** The read model's newest customer time, from which time in state is counted. */
  readonly asOf: string | null;
  /** Changes when the population does, so that the page is read again. */
  readonly version: unknown;
};

/** The customers in a state, the latest to enter first, a page at a time (keyed by state). */
export function CustomerList({ state, asOf, version }: CustomerListProps) {
  const { client } = useStudio();
  // Cursors of the pages before this one: the first page has none.
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useLoad(
    () => client.stateCustomers(state, { limit: PAGE_SIZE, cursor }),
    [client, state, cursor, version],
  );

  if (page.error) return <Problem error={page.error} doing={`list the customers in ${state}`} retry={page.reload} />;
  if (page.data === null) return <p class="loading">Loading customers…</p>;
  const { total, items, next } = page.data;
  if (total === 0)
    return (
      <EmptyState title={`No customer is in ${state} now.`}>
        <p>Customers appear here as soon as a signal or a timer moves them into it.</p>
      </EmptyState>
    );
  const first = (cursors.length - 1) * PAGE_SIZE + 1;
  return (
    <div class="customer-list">
      <table>
        <caption>
          Customers in <strong>{state}</strong>: {formatCount(first)}–{formatCount(first + items.length - 1)} of{' '}
          {formatCount(total)}, the latest to enter first
        </caption>
        <thead>
          <tr>
            <th scope="col">Customer</th>
            <th scope="col">In the state since</th>
            <th scope="col">Time in state</th>
            <th scope="col" class="number">
              Churn
            </th>
            <th scope="col" class="number">
              Fraud
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.customerId}>
              <td>
                <a href={routeHash({ view: 'customer', customerId: item.customerId, travel: null })}>
                  {item.customerId}
                </a>
              </td>
              <td>{formatTime(item.since)}</td>
              <td>{asOf === null ? '—' : formatDuration(Date.parse(asOf) - Date.parse(item.since))}</td>
              <td class="number">{item.scores.churn ?? '—'}</td>
              <td class="number">{item.scores.fraud ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="pager">
        <button type="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous page
        </button>
        <button type="button" disabled={next === null} onClick={() => next !== null && setCursors([...cursors, next])}>
          Next page
        </button>
      </div>
    </div>
  );
}
