import type { ResolvedEvent } from '@eventstore/db-client';
import { STATE_CHANGED, STATE_CORRECTED, STATE_REDERIVED } from '@heed/actors';
import { populationChangeOf } from './population-change';

// Which events of the output streams move a customer, and which of those took an arrow of the chart.

const output = (type: string, cause: { type: string; id: string }, streamId = 'lifecycle-c1'): ResolvedEvent =>
  ({
    event: {
      streamId,
      revision: 3n,
      position: { commit: 1_200n, prepare: 1_200n },
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
  }) as unknown as ResolvedEvent;

const changeOf = (resolved: ResolvedEvent) => populationChangeOf(resolved, 'lifecycle-');

describe('population change', () => {
  it('counts a StateChanged as a transition', () =>
    expect(changeOf(output(STATE_CHANGED, { type: 'Touched', id: 's1' }))).toMatchObject({
      position: { commit: 1_200n, prepare: 1_200n },
      customerId: 'c1',
      to: { engagement: 'churning' },
      transition: true,
    }));

  it('moves a customer on a StateCorrected, its cause the late signal, without a transition', () =>
    expect(changeOf(output(STATE_CORRECTED, { type: 'Touched', id: 'late' }))).toMatchObject({
      customerId: 'c1',
      from: { engagement: 'active' },
      to: { engagement: 'churning' },
      cause: { type: 'Touched', id: 'late' },
      scores: { churn: 80 },
      transition: false,
    }));

  it('moves a customer on a StateRederived, without a transition', () =>
    expect(changeOf(output(STATE_REDERIVED, { type: STATE_REDERIVED, id: 'r' }))).toMatchObject({
      to: { engagement: 'churning' },
      transition: false,
    }));

  it('skips any other output', () =>
    expect(changeOf(output('TimerScheduled', { type: 'Touched', id: 's1' }))).toBeUndefined());

  it('skips a state change of a stream outside the output category', () => {
    for (const stream of ['whatif-lifecycle-c1', 'lifecycles-c1', 'lifecycle'])
      expect(changeOf(output(STATE_CHANGED, { type: 'Touched', id: 's1' }, stream))).toBeUndefined();
  });
});
