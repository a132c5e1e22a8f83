import { jsonEvent } from '@eventstore/db-client';
import { TIMER_FIRED, type OutputMetadata } from '@heed/actors';
import { customerStream } from '@heed/event-store';
import type { TimelineItem } from '@heed/statechart';
import { day, productAdded, productViewed, subscriptionExpiring } from '../../../libs/domain/src/testing';
import { forCustomer, newCustomer } from './engine-harness';
import { useQueryApi } from './query-client';

type Page = { items: TimelineItem[]; next: string | null };

// One customer's history, told by GET /v1/customers/:id/timeline: a cart timer that comes due in
// front of a signal, an identify call, and a renewal reminder fired by the wall clock.
describe('engine: a customer’s timeline over HTTP', () => {
  const api = useQueryApi();
  const id = newCustomer('timeline');
  beforeAll(async () => {
    const { h, engine } = api;
    await h.append(
      ...forCustomer(id, [
        productAdded('cart-1', 'p-1', day(0, '10:00')),
        // The cart's recovery is due at 11:00: it fires in front of this view.
        productViewed('p-1', day(0, '13:00')),
        subscriptionExpiring('sub-1', day(10), day(1, '09:00')),
      ]),
    );
    await h.client.appendToStream(
      customerStream(id),
      jsonEvent({
        type: 'CustomerIdentified',
        data: { customerId: id, occurredAt: day(1, '10:00'), version: 1, traits: {} },
      }),
    );
    await engine.runtime.state(id);
    // The reminder (due a day after the expiry notice) fires by the wall clock: a TimerFired input.
    h.now = Date.parse(day(2, '10:00'));
    await engine.timers.tick();
    await engine.runtime.state(id);
  });

  const timeline = (query: Record<string, string | number | undefined> = {}) =>
    api.get<Page>(`/v1/customers/${id}/timeline`, query);

  /** The whole timeline, page by page. */
  const allPages = async (limit: number, after?: string): Promise<TimelineItem[]> => {
    const items: TimelineItem[] = [];
    for (let cursor = after; ;) {
      const { status, body } = await timeline({ limit, after: cursor });
      expect(status).toBe(200);
      items.push(...body.items);
      if (body.next === null) return items;
      cursor = body.next;
    }
  };

  /** What the streams say the timeline is: each input, then the outputs with its revision as cause. */
  const fromStreams = async (): Promise<string[]> => {
    const outputs = await api.h.read(`lifecycle-${id}`);
    return (await api.h.read(customerStream(id))).flatMap(({ event }) => [
      `in:${event!.revision}`,
      ...outputs
        .filter(
          (o) => (o.event!.metadata as unknown as OutputMetadata).causationRevision === event!.revision.toString(),
        )
        .map((o) => `out:${o.event!.revision}`),
    ]);
  };

  it('shows each input followed by the outputs its fold wrote, in order', async () => {
    const { status, body } = await timeline({ limit: 1000 });
    expect(status).toBe(200);
    expect(body.next).toBeNull();
    expect(body.items.map((i) => i.position)).toEqual(await fromStreams());
    expect(body.items.filter((i) => i.position.startsWith('in:')).map((i) => [i.kind, i.type, i.at])).toEqual([
      ['signal', 'ProductAdded', day(0, '10:00')],
      ['signal', 'ProductViewed', day(0, '13:00')],
      ['signal', 'SubscriptionExpiring', day(1, '09:00')],
      ['other-input', 'CustomerIdentified', day(1, '10:00')],
      ['timer-fired', TIMER_FIRED, day(2, '09:00')],
    ]);
    let input: TimelineItem | undefined;
    for (const item of body.items) {
      if (item.causedBy === null) input = item;
      else expect(item.causedBy.inputRevision).toBe(input?.revision);
    }
  });

  it('shows a timer that came due in front of a signal as the first cause of that signal’s outputs', async () => {
    const { body } = await timeline({ limit: 1000 });
    const view = body.items.findIndex((i) => i.type === 'ProductViewed');
    const next = body.items[view + 1]!;
    expect(next).toMatchObject({
      kind: 'state-changed',
      at: day(0, '11:00'),
      causedBy: { type: TIMER_FIRED, inputRevision: body.items[view]!.revision },
    });
    expect(next.causedBy?.eventId).not.toBe(body.items[view]!.eventId);
    expect(body.items.slice(view + 1).find((i) => i.kind === 'command')).toMatchObject({
      type: 'CartRecoveryEmailRequested',
      causedBy: { type: TIMER_FIRED },
    });
  });

  it('shows the wall clock’s TimerFired followed by the reminder it caused', async () => {
    const { body } = await timeline({ limit: 1000 });
    const fired = body.items.findIndex((i) => i.kind === 'timer-fired');
    const outputs = body.items.slice(fired + 1);
    expect(outputs.map((o) => o.kind)).toContain('state-changed');
    expect(outputs.find((o) => o.kind === 'command')).toMatchObject({
      type: 'RenewalReminderRequested',
      at: day(2, '09:00'),
      causedBy: { eventId: body.items[fired]!.eventId, type: TIMER_FIRED },
    });
    expect(outputs.map((o) => o.kind)).toContain('timer-scheduled');
  });

  it('shows how connect delivered a command, per destination, from the customer’s delivery stream', async () => {
    const before = await timeline({ limit: 1000 });
    const command = before.body.items.find((i) => i.type === 'CartRecoveryEmailRequested')!;
    expect(command.deliveries).toBeUndefined();
    const facts = { version: 1, commandId: command.eventId, commandType: command.type, customerId: id };
    const outcome = (type: string, data: Record<string, unknown>) =>
      jsonEvent({ type, data: { ...facts, ...data }, metadata: { $causationId: command.eventId } });
    await api.h.client.appendToStream(`delivery-${id}`, [
      outcome('CommandDeliveryFailed', {
        destination: 'email',
        attempt: 1,
        status: 503,
        error: 'HTTP 503',
        at: day(3),
      }),
      outcome('CommandHeldOut', { destination: 'slack', holdout: 0.1, at: day(3) }),
      outcome('CommandDelivered', { destination: 'email', attempt: 2, status: 202, at: day(3, '00:01') }),
    ]);

    const { body } = await timeline({ limit: 1000 });
    expect(body.items.find((i) => i.eventId === command.eventId)?.deliveries).toEqual([
      { destination: 'email', outcome: 'delivered', attempts: 2, at: day(3, '00:01'), status: 202, error: null },
      { destination: 'slack', outcome: 'held-out', attempts: 0, at: day(3), status: null, error: null },
    ]);
    // A command connect has recorded nothing for has none.
    expect(body.items.find((i) => i.type === 'RenewalReminderRequested')?.deliveries).toBeUndefined();
  });

  it('pages through without gaps or duplicates, whatever the page size', async () => {
    const whole = (await timeline({ limit: 1000 })).body.items.map((i) => i.position);
    for (const limit of [1, 2, 3, 5, 8]) expect((await allPages(limit)).map((i) => i.position)).toEqual(whole);
  });

  it('continues after any item’s position as after a cursor', async () => {
    const whole = (await timeline({ limit: 1000 })).body.items.map((i) => i.position);
    for (const [index, position] of whole.entries()) {
      expect((await allPages(4, position)).map((i) => i.position)).toEqual(whole.slice(index + 1));
    }
  });

  it('answers 400 naming the parameter at fault, 404 for an unknown customer, 401 without a key', async () => {
    expect(await timeline({ limit: 0 })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_PARAMETER', path: 'limit' },
    });
    expect(await timeline({ limit: 'ten' })).toMatchObject({ status: 400, body: { path: 'limit' } });
    expect(await timeline({ after: 'nonsense' })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_CURSOR', path: 'after' },
    });
    expect(await api.get('/v1/customers/%20bad/timeline')).toMatchObject({
      status: 400,
      body: { code: 'INVALID_CUSTOMER_ID', path: 'id' },
    });
    expect(await api.get(`/v1/customers/${newCustomer('nobody')}/timeline`)).toMatchObject({
      status: 404,
      body: { statusCode: 404, code: 'CUSTOMER_NOT_FOUND' },
    });
    expect(await api.get(`/v1/customers/${id}/timeline`, {}, null)).toMatchObject({ status: 401 });
  });
});
