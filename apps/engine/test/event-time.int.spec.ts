import { TIMER_FIRED } from '@heed/actors';
import {
  coreSession,
  day,
  productAdded,
  productViewed,
  session,
  signedIn,
  signedUp,
  subscriptionExpiring,
  viewedPage,
} from '../../../libs/domain/src/testing';
import { EngineHarness, forCustomer, newCustomer } from './engine-harness';

// Regressions of time from events: a backlog after days of silence, and signals that arrive late.
// A store per test: each test's wall clock starts where it says (the wheel's checkpoint is per store).
describe('engine: timers in event time', () => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await EngineHarness.start();
  });
  afterEach(() => h.stop());

  const lifecycle = (id: string) => `lifecycle-${id}`;
  /** What the tests read of an output: the command's time, a timer's, a state change's. */
  type OutputData = {
    requestedAt?: string;
    timerId?: string;
    dueAt?: string;
    at?: string;
    to?: unknown;
    cause?: unknown;
  };
  const outputs = async (id: string) =>
    (await h.read(lifecycle(id))).map(({ event }) => ({ type: event!.type, data: event!.data as OutputData }));
  const ofType = async (id: string, type: string) => (await outputs(id)).filter((o) => o.type === type);
  const timerDue = async (id: string, timerId: string) =>
    (await ofType(id, 'TimerScheduled')).filter((o) => o.data.timerId?.includes(timerId)).at(-1)?.data.dueAt;
  /** Moves the wall clock, ticks the wheel and folds what it fired. */
  const tickAt = async (id: string, at: string) => {
    h.now = Date.parse(at);
    await h.engines[0]!.timers.tick();
    await h.engines[0]!.runtime.state(id);
  };

  it('closes a silent watched customer’s days in front of a signal that comes after a backlog', async () => {
    // Two weeks of habit, then fading sessions and a look at the prices on Saturday (day 19); then
    // silence until a session on day 25. Live, the silent days close at their midnights and the
    // flag is raised as Monday (day 21) ends; two days later the re-engagement email is asked for.
    const id = newCustomer('backlog');
    const history = forCustomer(id, [
      signedUp(day(0)),
      ...Array.from({ length: 14 }, (_, d) => coreSession(day(d, '09:00'), 30 * 60)).flat(),
      ...session(day(14, '09:00'), 60),
      ...session(day(15, '09:00'), 45),
      ...session(day(17, '09:00'), 50),
      ...session(day(18, '09:00'), 40),
      viewedPage('https://app.example.com/pricing', day(19, '20:00')),
      ...session(day(25, '09:00'), 600),
    ]);
    // Everything arrives while the engine is down; it starts long after, with the wall clock racing it.
    await h.append(...history);
    h.now = Date.parse(day(40));
    const engine = await h.startEngine();
    try {
      await Promise.all([engine.timers.tick(), engine.runtime.state(id)]);
      await engine.timers.tick();
      await engine.runtime.state(id);

      const [flag] = await ofType(id, 'FlagAccountForSuccessTeamRequested');
      expect(flag?.data.requestedAt).toBe(day(22, '00:00'));
      const [email] = await ofType(id, 'ReEngagementEmailRequested');
      expect(email?.data.requestedAt).toBe(day(24, '00:00'));
      const atRisk = (await ofType(id, 'StateChanged')).find((o) => JSON.stringify(o.data.to).includes('at-risk'));
      expect(atRisk?.data).toMatchObject({ at: day(22, '00:00'), cause: { type: TIMER_FIRED } });
      // Each due timer fired in front of the day-25 signal: the wall clock had nothing left to fire.
      expect(await h.types(`customer-${id}`)).not.toContain(TIMER_FIRED);
    } finally {
      await h.engines.pop()!.stop();
    }
  });

  it('counts a late Product Added’s cart recovery from the moment it happened, and appends no command early', async () => {
    const id = newCustomer('late-cart');
    h.now = Date.parse(day(0, '10:40'));
    const engine = await h.startEngine();
    try {
      await h.append(
        ...forCustomer(id, [
          productViewed('p-1', day(0, '10:40')),
          // From an offline mobile queue: it happened 40 minutes before the view already stored.
          productAdded('cart-1', 'p-1', day(0, '10:00')),
        ]),
      );
      await engine.runtime.state(id);
      expect(await timerDue(id, 'cart')).toBe(day(0, '11:00'));

      await tickAt(id, day(0, '10:59'));
      expect(await ofType(id, 'CartRecoveryEmailRequested')).toEqual([]);
      await tickAt(id, day(0, '11:01'));
      const [email] = await ofType(id, 'CartRecoveryEmailRequested');
      expect(email?.data.requestedAt).toBe(day(0, '11:00'));
    } finally {
      await h.engines.pop()!.stop();
    }
  });

  it('keeps a late Subscription Expiring’s reminder and lapse where the machine meant them', async () => {
    const id = newCustomer('late-renewal');
    h.now = Date.parse(day(5, '09:00'));
    const engine = await h.startEngine();
    try {
      await h.append(
        ...forCustomer(id, [
          signedUp(day(0)),
          signedIn(day(5, '09:00')),
          // Sent six hours late: it happened at 03:00, the subscription expires at day 7 midnight.
          subscriptionExpiring('sub-1', day(7, '00:00'), day(5, '03:00')),
        ]),
      );
      await engine.runtime.state(id);
      expect(await timerDue(id, 'renewal')).toBe(day(6, '03:00'));

      await tickAt(id, day(6, '02:59'));
      expect(await ofType(id, 'RenewalReminderRequested')).toEqual([]);
      await tickAt(id, day(6, '03:01'));
      const [reminder] = await ofType(id, 'RenewalReminderRequested');
      expect(reminder?.data.requestedAt).toBe(day(6, '03:00'));

      // The lapse comes due at the expiry itself, never while the subscription is still running.
      expect(await timerDue(id, 'renewal')).toBe(day(7, '00:00'));
      await tickAt(id, day(6, '23:59'));
      expect(await ofType(id, 'RetentionIncentiveRequested')).toEqual([]);
      await tickAt(id, day(7, '00:01'));
      const [incentive] = await ofType(id, 'RetentionIncentiveRequested');
      expect(incentive?.data.requestedAt).toBe(day(7, '00:00'));
      const churning = (await ofType(id, 'StateChanged')).find((o) => JSON.stringify(o.data.to).includes('churning'));
      expect(churning?.data.at).toBe(day(7, '00:00'));
    } finally {
      await h.engines.pop()!.stop();
    }
  });

  it('waits to fire by the wall clock while a customer is still being fed, then fires once, durably', async () => {
    const id = newCustomer('fed');
    h.now = Date.parse(day(0, '11:00')) + 1_000;
    let engine = await h.startEngine({ HEED_TIMER_QUIET_MS: '60000' });
    try {
      // An import: a signal of 10:00 arrives at 11:00:01. Its cart recovery is due at 11:00 and the
      // wall clock is past it, but the customer was fed a moment ago: the next signal of the import
      // may come before 11:00 in event time, so the wheel asks again later.
      await h.append(...forCustomer(id, [productAdded('cart-1', 'p-1', day(0, '10:00'))]));
      await engine.runtime.state(id);
      expect(await engine.timers.tick()).toBe(0);
      h.now += 30_000;
      expect(await engine.timers.tick()).toBe(0);
      expect(await ofType(id, 'CartRecoveryEmailRequested')).toEqual([]);
      // The wait is on the record: a restarted engine, quiet long after, fires it once.
      await h.engines.pop()!.stop();
      engine = await h.startEngine({ HEED_TIMER_QUIET_MS: '60000' });
      h.now += 60_000;
      expect(await engine.timers.tick()).toBe(1);
      expect(await engine.timers.tick()).toBe(0);
      await engine.runtime.state(id);
      const emails = await ofType(id, 'CartRecoveryEmailRequested');
      expect(emails.map((e) => e.data.requestedAt)).toEqual([day(0, '11:00')]);
    } finally {
      await h.engines.pop()!.stop();
    }
  });
});
