import { customerStream } from '@heed/event-store';
import type { StateValue } from 'xstate';
import {
  activeStateIds,
  day,
  featureUsed,
  productAdded,
  productViewed,
  session,
  signedUp,
  viewedPage,
} from '../../../libs/domain/src/testing';
import type { TimeTravelView } from '../src/customers/time-travel/time-travel';
import { forCustomer, newCustomer } from './engine-harness';
import { useQueryApi } from './query-client';

// Time travel: GET /v1/customers/:id/state folds the stream with the runtime's pure functions.
describe('engine: a customer’s state at a revision or an instant over HTTP', () => {
  // Snapshots every few signals: revisions before and after the latest one are both asked for.
  const api = useQueryApi({ HEED_SNAPSHOT_EVERY: '4' });
  const id = newCustomer('travel');
  let last: number;
  beforeAll(async () => {
    await api.h.append(
      ...forCustomer(id, [
        signedUp(day(0)),
        featureUsed('reports', day(0, '09:05'), true),
        ...session(day(8), 60),
        ...session(day(9), 45),
        ...session(day(10), 90),
        viewedPage('https://app.example.com/pricing#cancel', day(11, '10:00')),
        // The cart's recovery is due at 13:00.
        productAdded('cart-1', 'p-1', day(11, '12:00')),
        // Late by an hour, within the allowed lateness (24 h): folded where its time puts it.
        productViewed('p-2', day(11, '11:00')),
        // Late by ten days: it happened on day 1, arrives last, and is folded where it arrived.
        productViewed('p-0', day(1, '08:00')),
      ]),
    );
    last = Number((await api.engine.runtime.state(id)).inputRevision);
  });

  const state = (query: Record<string, string | number | undefined>, customer = id) =>
    api.get<TimeTravelView>(`/v1/customers/${customer}/state`, query);

  it('after each revision equals a replay of the stream up to it', async () => {
    expect(await api.h.types(`lifecyclesnapshot-${id}`)).not.toEqual([]);
    for (let revision = 0; revision <= last; revision++) {
      const { status, body } = await state({ revision });
      expect(status).toBe(200);
      const replayed = await api.engine.runtime.replay(id, BigInt(revision));
      expect(body.value).toEqual(replayed.snapshot.value);
      expect(body).toMatchObject({ customerId: id, revision: String(revision), at: replayed.time });
      expect(body.activeStates).toEqual(['customer', ...activeStateIds(replayed.snapshot.value as StateValue)]);
      expect(body.pendingTimers).toEqual(
        Object.values(replayed.timers).map(({ timerId, dueAt }) => ({ timerId, dueAt })),
      );
    }
  });

  it('at an instant folds the inputs of a time up to it, late ones included, then the timers due by it', async () => {
    const early = await state({ at: day(5) });
    expect(early.status).toBe(200);
    // Everything up to day 5 is the sign-up, the feature and the late view, stored last.
    expect(early.body).toMatchObject({ at: day(5), revision: String(last) });
    expect(early.body.activeStates).toContain('customer.engagement.active');

    const flagged = await state({ at: day(11, '12:30') });
    expect(flagged.body.activeStates).toEqual(
      expect.arrayContaining([
        'customer.engagement.at-risk',
        'customer.engagement.at-risk.flagged',
        'customer.cart.open',
      ]),
    );
    expect(flagged.body.pendingTimers.map((t) => t.dueAt)).toContain(day(11, '13:00'));

    // Past the cart's due time, before any signal: the timer has fired as the wall clock would.
    const abandoned = await state({ at: day(11, '13:30') });
    expect(abandoned.body.activeStates).toContain('customer.cart.abandoned');
    expect(abandoned.body.pendingTimers.map((t) => t.dueAt)).not.toContain(day(11, '13:00'));

    // Weeks on, the re-engagement email's delay has passed too.
    const later = await state({ at: day(30) });
    expect(later.body.activeStates).toContain('customer.engagement.at-risk.emailed');
  });

  it('records a late signal within the allowed lateness as a correction, a later one as late', async () => {
    const outputs = await api.h.types(`lifecycle-${id}`);
    expect(outputs.filter((type) => type === 'StateCorrected')).toHaveLength(1);
    expect(outputs.filter((type) => type === 'InputLate')).toHaveLength(1);
    // The correction is the customer's state as the fold of the signals in time order says.
    const corrected = await state({ revision: last - 1 });
    const inOrder = await api.engine.runtime.replay(id, BigInt(last - 1));
    expect(corrected.body.value).toEqual(inOrder.snapshot.value);
    const { body } = await api.get<{ items: Array<{ kind: string; data: { lateByMs?: number } }> }>(
      `/v1/customers/${id}/timeline`,
      { limit: 200 },
    );
    expect(body.items.find((item) => item.kind === 'state-corrected')?.data.lateByMs).toBe(3_600_000);
    expect(body.items.some((item) => item.kind === 'input-late')).toBe(true);
  });

  it('writes nothing', async () => {
    const before = [await api.h.types(customerStream(id)), await api.h.types(`lifecycle-${id}`)];
    await state({ at: day(40) });
    await state({ revision: 0 });
    expect([await api.h.types(customerStream(id)), await api.h.types(`lifecycle-${id}`)]).toEqual(before);
  });

  it('answers 400 naming the parameter at fault, or a revision beyond the stream’s end', async () => {
    expect(await state({})).toMatchObject({ status: 400, body: { code: 'INVALID_PARAMETER' } });
    expect((await state({})).body).toHaveProperty('message', expect.stringMatching(/revision, at: .*neither/));
    expect((await state({ revision: 1, at: day(1) })).body).toHaveProperty('message', expect.stringMatching(/both/));
    for (const revision of ['abc', '-1', '1.5']) {
      expect(await state({ revision })).toMatchObject({ status: 400, body: { path: 'revision' } });
    }
    for (const at of ['yesterday', '2026-03-02', '2026-03-02T10:00:00']) {
      expect(await state({ at })).toMatchObject({ status: 400, body: { path: 'at' } });
    }
    expect(await state({ revision: last + 1 })).toMatchObject({
      status: 400,
      body: {
        code: 'REVISION_BEYOND_END',
        path: 'revision',
        message: `revision: expected at most ${last}, the last revision of customer-${id}, got ${last + 1}`,
      },
    });
  });

  it('leaves GET /v1/customers/:id as it was: the state now', async () => {
    expect(await api.get(`/v1/customers/${id}`)).toMatchObject({
      status: 200,
      body: { customerId: id, revision: String(last) },
    });
    expect(await api.get(`/v1/customers/${newCustomer('nobody')}`)).toMatchObject({
      status: 404,
      body: { code: 'CUSTOMER_NOT_FOUND' },
    });
  });

  it('answers 404 for an unknown customer, 401 without a key', async () => {
    expect(await state({ revision: 0 }, newCustomer('nobody'))).toMatchObject({
      status: 404,
      body: { code: 'CUSTOMER_NOT_FOUND' },
    });
    expect(await api.get(`/v1/customers/${id}/state`, { revision: 0 }, null)).toMatchObject({ status: 401 });
  });
});
