import type { ActorDefinition, RecordedInput } from '@heed/actors';
import { createLifecycleMachine, type CustomerSignal, type LifecycleConfig } from '@heed/domain';
import { day, featureUsed, session, signedUp, viewedPage } from '../../domain/src/testing';
import { createComparer } from './compare-histories';
import { stateLens } from './decision';

// The customer lifecycle, read as the engine reads stored signals (here the signal is the data).
const lifecycle = (config: Partial<LifecycleConfig>): ActorDefinition => ({
  machine: createLifecycleMachine(config),
  version: 'test',
  input: (customerId) => ({ customerId }),
  toMachineInput: (recorded) => {
    const signal = recorded.data as CustomerSignal;
    return { event: signal, time: signal.occurredAt };
  },
  clock: (snapshot: { context: { now: string | null } }) => snapshot.context.now,
});

const recorded = (signals: readonly CustomerSignal[]): RecordedInput[] =>
  signals.map((signal, i) => ({
    id: `input-${i}`,
    type: signal.type,
    revision: BigInt(i),
    data: signal,
    metadata: {},
  }));

const lens = stateLens({ flags: { engagement: ['at-risk', 'churning'] } });

/** Short sessions after a good first day, then a look at the pricing page: churn points reach 17. */
const fadingCustomer = (): CustomerSignal[] => [
  signedUp(day(0)),
  featureUsed('reports', day(0, '09:05'), true),
  ...session(day(8), 60),
  ...session(day(9), 45),
  ...session(day(10), 90),
  viewedPage('https://app.example.com/pricing', day(11, '10:00')),
];

describe('comparing a history under two machines', () => {
  it('a lower at-risk threshold gains the flag, its command, and the email its delay brings', () => {
    const compare = createComparer({ current: lifecycle({}), changed: lifecycle({ atRiskScore: 15 }) }, lens);
    const result = compare('customer-1', recorded(fadingCustomer()), {
      toMs: Date.parse(day(14)),
      horizonMs: Date.parse(day(14)),
    });

    // Both notice the return after 8 quiet days; only the lower threshold flags the customer.
    const returning = {
      kind: 'command',
      name: 'ReturningCustomerNotificationRequested',
      at: '2026-03-10T09:00:00.000Z',
    } as const;
    expect(result.inputs).toBe(9);
    expect(result.current).toEqual([returning]);
    expect(result.changed).toEqual([
      returning,
      { kind: 'flag', name: 'engagement.at-risk', at: '2026-03-12T09:01:30.000Z' },
      { kind: 'command', name: 'FlagAccountForSuccessTeamRequested', at: '2026-03-12T09:01:30.000Z' },
      // Two days later, past the last input: the timer fires by the horizon.
      { kind: 'command', name: 'ReEngagementEmailRequested', at: '2026-03-14T09:01:30.000Z' },
    ]);
    expect(result.divergence).toEqual({
      input: { revision: 7, id: 'input-7', type: 'SessionEnded', at: '2026-03-12T09:01:30.000Z' },
      current: [],
      changed: result.changed.slice(1, 3),
    });
    expect(result.finalState).not.toBeNull();
  });

  it('the same machine twice decides the same', () => {
    const compare = createComparer({ current: lifecycle({}), changed: lifecycle({}) }, lens);
    const result = compare('customer-1', recorded(fadingCustomer()), {
      toMs: Date.parse(day(30)),
      horizonMs: Date.parse(day(30)),
    });
    expect(result.divergence).toBeNull();
    expect(result.finalState).toBeNull();
    expect(result.current).toEqual(result.changed);
  });

  it('folds no input after the horizon and reports no decision before the window', () => {
    const compare = createComparer({ current: lifecycle({}), changed: lifecycle({ atRiskScore: 15 }) }, lens);
    const upToDay9 = compare('customer-1', recorded(fadingCustomer()), {
      toMs: Date.parse(day(9, '12:00')),
      horizonMs: Date.parse(day(9, '12:00')),
    });
    expect(upToDay9.inputs).toBe(6);
    expect(upToDay9.changed).toEqual(upToDay9.current);
    expect(upToDay9.divergence).toBeNull();

    const fromDay13 = compare('customer-1', recorded(fadingCustomer()), {
      fromMs: Date.parse(day(12)),
      toMs: Date.parse(day(14)),
      horizonMs: Date.parse(day(14)),
    });
    expect(fromDay13.changed.map((d) => d.name)).toEqual(['ReEngagementEmailRequested']);
    expect(fromDay13.divergence?.input).toBeNull();
  });

  it('without an end, folds every input, and fires timers up to the horizon', () => {
    const compare = createComparer({ current: lifecycle({}), changed: lifecycle({ atRiskScore: 15 }) }, lens);
    const result = compare('customer-1', recorded(fadingCustomer()), { horizonMs: Date.parse(day(9, '12:00')) });
    expect(result.inputs).toBe(9);
    expect(result.changed.map((d) => d.name)).not.toContain('ReEngagementEmailRequested');
    expect(result.changed.map((d) => d.name)).toContain('FlagAccountForSuccessTeamRequested');
  });

  it('a recorded timer firing is time passing for both machines', () => {
    // The deployed machine's re-engagement email, 2 days after the flag; the changed one waits 1 day.
    const compare = createComparer(
      {
        current: lifecycle({ atRiskScore: 15 }),
        changed: lifecycle({ atRiskScore: 15, reEngagementEmailDelayMs: 86_400_000 }),
      },
      lens,
    );
    const history = recorded(fadingCustomer());
    const fired: RecordedInput = {
      id: 'timer-1',
      type: 'TimerFired',
      revision: BigInt(history.length),
      data: { key: 'customer-1', timerId: 'not-the-changed-machines', dueAt: '2026-03-13T09:01:30.000Z' },
      metadata: {},
    };
    const result = compare('customer-1', [...history, fired], {
      toMs: Date.parse('2026-03-13T09:01:30.000Z'),
      horizonMs: Date.parse('2026-03-13T09:01:30.000Z'),
    });
    expect(result.changed.at(-1)).toEqual({
      kind: 'command',
      name: 'ReEngagementEmailRequested',
      at: '2026-03-13T09:01:30.000Z',
    });
    expect(result.current.map((d) => d.name)).not.toContain('ReEngagementEmailRequested');
  });

  it('folds a late signal where its time puts it within the allowed lateness, as the runtime does', () => {
    const withLateness = (config: Partial<LifecycleConfig>): ActorDefinition => ({
      ...lifecycle(config),
      allowedLatenessMs: 3 * 86_400_000,
    });
    const compare = createComparer({ current: withLateness({}), changed: withLateness({ atRiskScore: 15 }) }, lens);
    const window = { toMs: Date.parse(day(14)), horizonMs: Date.parse(day(14)) };
    const inOrder = compare('customer-1', recorded(fadingCustomer()), window);
    // The same signals with the sessions of days 9 and 10 arriving after the pricing page (late, within 3 days).
    const signals = fadingCustomer();
    const pricing = signals.pop()!;
    const day9 = signals.findIndex((signal) => signal.occurredAt.startsWith(day(9).slice(0, 10)));
    const lateSession = signals.splice(day9, signals.length - day9);
    const shuffled = compare('customer-1', recorded([...signals, pricing, ...lateSession]), window);
    expect(shuffled.current).toEqual(inOrder.current);
    expect(shuffled.changed).toEqual(inOrder.changed);
    expect(shuffled.finalState).toEqual(inOrder.finalState);
  });
});
