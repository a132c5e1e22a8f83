import type { ResolvedEvent } from '@eventstore/db-client';
import { STATE_CHANGED, STATE_CORRECTED, STATE_REDERIVED } from '@heed/actors';
import { populationChangeOf } from './population-change';

// Which outputs of `$ce-lifecycle` move a customer, and which of those took an arrow of the chart.

const output = (type: string, cause: { type: string; id: string }): ResolvedEvent =>
  ({
    event: {
      streamId: 'lifecycle-c1',
      revision: 3n,
      id: 'event-1',
      type,
      data: {
        key: 'c1',
        from: { engagement: 'active' },
        to: { engagement: 'churning' },
        cause,
        at: '2026-03-02T10:00:00.000Z',
        scores: { churn: 80 },
      },
    },
    link: { streamId: '$ce-lifecycle', revision: 7n, id: 'link-1', type: '$>' },
  }) as unknown as ResolvedEvent;

describe('population change', () => {
  it('counts a StateChanged as a transition', () =>
    expect(populationChangeOf(output(STATE_CHANGED, { type: 'Touched', id: 's1' }))).toMatchObject({
      revision: 7n,
      customerId: 'c1',
      to: { engagement: 'churning' },
      transition: true,
    }));

  it('moves a customer on a StateCorrected, its cause the late signal, without a transition', () =>
    expect(populationChangeOf(output(STATE_CORRECTED, { type: 'Touched', id: 'late' }))).toMatchObject({
      customerId: 'c1',
      from: { engagement: 'active' },
      to: { engagement: 'churning' },
      cause: { type: 'Touched', id: 'late' },
      scores: { churn: 80 },
      transition: false,
    }));

  it('moves a customer on a StateRederived, without a transition', () =>
    expect(populationChangeOf(output(STATE_REDERIVED, { type: STATE_REDERIVED, id: 'r' }))).toMatchObject({
      to: { engagement: 'churning' },
      transition: false,
    }));

  it('skips any other output', () =>
    expect(populationChangeOf(output('TimerScheduled', { type: 'Touched', id: 's1' }))).toBeUndefined());
});
