import type { CustomerSummary, PendingTimer } from '../api/contract';
import { formatTime } from '../ui/format';
import { regionsOf } from './describe-item';
import { ScoreCard } from './score-card';

export type CustomerContextProps = {
  readonly summary: CustomerSummary;
  readonly pendingTimers: readonly PendingTimer[];
};

const SHOWN = new Set(['customerId', 'state', 'asOf', 'churn', 'fraud']);

/** What the engine knew of a customer at one point: state per region, scores, timers, the rest. */
export function CustomerContext({ summary, pendingTimers }: CustomerContextProps) {
  const details = Object.entries(summary).filter(([name]) => !SHOWN.has(name));
  return (
    <div class="customer-context">
      <dl class="regions">
        {[...regionsOf(summary.state)].map(([region, state]) => (
          <div key={region}>
            <dt>{region}</dt>
            <dd>{state}</dd>
          </div>
        ))}
      </dl>
      <div class="scores">
        <ScoreCard title="Churn" score={summary.churn} />
        <ScoreCard title="Fraud" score={summary.fraud} />
      </div>
      <h3>Pending timers</h3>
      {pendingTimers.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <ul class="timers">
          {pendingTimers.map((t) => (
            <li key={t.timerId}>
              <code>{t.timerId}</code> due {formatTime(t.dueAt)}
            </li>
          ))}
        </ul>
      )}
      <h3>Context</h3>
      <dl class="details">
        {details.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>
              <code>{JSON.stringify(value)}</code>
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
