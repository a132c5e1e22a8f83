import { useEffect, useMemo } from 'preact/hooks';
import { ApiError } from '../api/api-error';
import type { Travel } from '../app/route';
import { useChanges } from '../app/use-changes';
import { navigate } from '../app/use-route';
import { useStudio } from '../app/studio-context';
import { Statechart } from '../machine/statechart';
import { useStatechartLayout } from '../machine/use-statechart-layout';
import { EmptyState } from '../ui/empty-state';
import { FeedStatus } from '../ui/feed-status';
import { formatTime } from '../ui/format';
import { paced } from '../ui/paced';
import { Problem } from '../ui/problem';
import { useLoad } from '../ui/use-load';
import { CustomerContext } from './customer-context';
import { pointName } from './point-name';
import { Timeline } from './timeline';
import { TravelControls } from './travel-controls';
import { useTimeline } from './use-timeline';

export type CustomerPageProps = { readonly customerId: string | null; readonly travel: Travel | null };

/** One customer: their state on the chart, scores, timeline, and time travel through it. */
export function CustomerPage({ customerId, travel }: CustomerPageProps) {
  if (customerId === null)
    return (
      <section class="customer-page">
        <h1>Customer</h1>
        <EmptyState title="Find a customer.">
          <p>
            Type a customer id or an anonymous id in the search box above, or pick a customer from a state of the
            Population view.
          </p>
        </EmptyState>
      </section>
    );
  return <CustomerDetail key={customerId} customerId={customerId} travel={travel} />;
}

const LIVE_REFRESH_MS = 250;

function CustomerDetail({ customerId, travel }: { readonly customerId: string; readonly travel: Travel | null }) {
  const { client, machine } = useStudio();
  const { layout } = useStatechartLayout(client, machine);
  const view = useLoad(() => client.customer(customerId), [client, customerId]);
  const timeline = useTimeline(client, customerId);
  const live = useMemo(
    () =>
      paced(async () => {
        view.reload();
        await timeline.catchUp();
      }, LIVE_REFRESH_MS),
    // The view and timeline hooks' functions read their latest state: one pacer per customer.
    [client, customerId],
  );
  useEffect(() => () => live.stop(), [live]);
  const feed = useChanges(client, (change) => {
    if (change === null || change.customerId === customerId) live.request();
  });
  const revision = view.data?.revision;
  const now = useLoad(
    () => (revision === undefined ? Promise.resolve(null) : client.stateAt(customerId, { revision })),
    [client, customerId, revision],
  );
  const then = useLoad(
    () => (travel === null ? Promise.resolve(null) : client.stateAt(customerId, travel)),
    [client, customerId, travel === null ? null : JSON.stringify(travel)],
  );
  const shown = travel === null ? now.data : then.data;
  const active = useMemo(() => new Set(shown?.activeStates ?? []), [shown]);
  const goTo = (point: Travel | null) => navigate({ view: 'customer', customerId, travel: point });

  if (view.error instanceof ApiError && view.error.notFound)
    return (
      <section class="customer-page">
        <h1>Customer {customerId}</h1>
        <EmptyState title={`The engine has processed no signal of ${customerId}.`}>
          <p>Check the id, search by anonymous id, or send signals for this customer to ingest (see the README).</p>
        </EmptyState>
      </section>
    );
  if (view.error && view.data === null)
    return <Problem error={view.error} doing={`read customer ${customerId}`} retry={view.reload} />;
  if (view.data === null) return <p class="loading">Loading {customerId}…</p>;

  return (
    <section class="customer-page" aria-labelledby="customer-title">
      <div class="toolbar">
        <h1 id="customer-title">
          Customer <span class="customer-id">{customerId}</span>
        </h1>
        <p class="summary">
          {view.data.summary.asOf === null ? 'no signal time yet' : `as of ${formatTime(view.data.summary.asOf)}`} ·
          input #{view.data.revision} · <FeedStatus feed={feed} />
        </p>
      </div>
      <TravelControls travel={travel} then={then.data} onTravel={goTo} />
      {then.error && <Problem error={then.error} doing="travel to that point" retry={then.reload} />}
      {now.error && <Problem error={now.error} doing="read the customer's active states" retry={now.reload} />}
      <div class={`customer-chart${travel === null ? '' : ' is-travelling'}`}>
        <h2>{travel === null ? 'State now' : `State as of ${then.data === null ? '…' : pointName(then.data)}`}</h2>
        <p class="muted small">Highlighted: the states active {travel === null ? 'now' : 'at that point'}.</p>
        <div class="chart-scroll">
          {layout && (
            <Statechart
              layout={layout}
              label={`Active states of ${customerId} ${travel === null ? 'now' : 'at the point travelled to'}`}
              active={active}
              fit
            />
          )}
        </div>
      </div>
      <div class="customer-layout">
        <div class="customer-timeline">
          <h2>Timeline</h2>
          {timeline.error && (
            <Problem error={timeline.error} doing="read the timeline" retry={() => void timeline.catchUp()} />
          )}
          {timeline.items.length === 0 && !timeline.loading && <p class="muted">Nothing recorded yet.</p>}
          <Timeline
            items={timeline.items}
            travelledTo={travel === null || then.data === null ? null : then.data}
            onTravel={(r) => goTo({ revision: r })}
          />
          {timeline.more && (
            <button type="button" disabled={timeline.loading} onClick={() => void timeline.loadMore()}>
              Load more
            </button>
          )}
        </div>
        <div class="customer-state">
          <h2>{travel === null ? 'Context now' : 'Context as it was'}</h2>
          {shown && <CustomerContext summary={shown.summary} pendingTimers={shown.pendingTimers} />}
        </div>
      </div>
    </section>
  );
}
