import { jsonEvent } from '@eventstore/db-client';
import { customerStream } from '@heed/event-store';
import { day, productAdded, signedIn, signedUp } from '../../../libs/domain/src/testing';
import { nextEvent, nextOfType } from '../../../test/support/next-event';
import { EngineHarness, forCustomer, newCustomer } from './engine-harness';

/** The signals a customer's outputs were caused by, each with how many outputs it caused. */
async function outputsByCause(h: EngineHarness, customerId: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const { event } of await h.read(`lifecycle-${customerId}`)) {
    const cause = (event?.metadata as { causationRevision?: string } | undefined)?.causationRevision ?? '?';
    counts.set(cause, (counts.get(cause) ?? 0) + 1);
  }
  return counts;
}

describe('engine replicas, restarts and poisoned signals', () => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await EngineHarness.start();
  });
  afterEach(() => h.stop());

  it('shares customers between two replicas, and one takes over when the other stops', async () => {
    const a = await h.startEngine();
    const b = await h.startEngine();
    const customers = Array.from({ length: 12 }, (_, i) => newCustomer(`shared${i}`));
    for (const id of customers) await h.append(...forCustomer(id, [productAdded('cart-1', 'p-1', day(0, '10:00'))]));
    for (const id of customers) await nextOfType(h.client, `lifecycle-${id}`, 'StateChanged');
    await a.runtime.drain();
    await b.runtime.drain();

    // Each customer was processed by exactly one replica (Pinned), and both got some.
    const onA = customers.filter((id) => a.runtime.isResident(id));
    const onB = customers.filter((id) => b.runtime.isResident(id));
    expect(onA.length + onB.length).toBe(customers.length);
    expect(onA.filter((id) => onB.includes(id))).toEqual([]);
    expect(onA.length).toBeGreaterThan(0);
    expect(onB.length).toBeGreaterThan(0);

    // A stops; its customers' next signals are processed by B, nothing lost or doubled.
    await a.stop();
    for (const id of onA) await h.append(...forCustomer(id, [productAdded('cart-1', 'p-2', day(0, '10:05'))]));
    for (const id of onA) {
      await nextEvent(
        h.client,
        `lifecycle-${id}`,
        (e) => (e.event?.metadata as { causationRevision?: string }).causationRevision === '1',
      );
    }
    for (const id of customers) {
      const counts = await outputsByCause(h, id);
      expect([...counts.keys()].sort()).toEqual(onA.includes(id) ? ['0', '1'] : ['0']);
    }
    await b.runtime.drain();
    expect(onA.every((id) => b.runtime.isResident(id))).toBe(true);
  }, 30_000);

  it('fires a timer that came due while the engine was down once, with its original due time', async () => {
    const first = await h.startEngine();
    const id = newCustomer('down');
    await h.append(...forCustomer(id, [productAdded('cart-1', 'p-1', day(0, '10:10'))]));
    const scheduled = await nextOfType(h.client, `lifecycle-${id}`, 'TimerScheduled');
    const dueAt = (scheduled.event?.data as { dueAt: string }).dueAt;
    await first.timers.tick(); // files the timer; not due yet
    await first.stop();

    h.now = Date.parse(dueAt) + 6 * 3_600_000; // the engine was down past the due time
    const second = await h.startEngine();
    expect(await second.timers.tick()).toBe(1);
    expect(await second.timers.tick()).toBe(0);
    const third = await h.startEngine(); // another replica re-reading the same wheel fires nothing new
    expect(await third.timers.tick()).toBe(0);

    const email = await nextOfType(h.client, `lifecycle-${id}`, 'CartRecoveryEmailRequested');
    expect((email.event?.metadata as { occurredAt: string }).occurredAt).toBe(dueAt);
    const fired = (await h.read(customerStream(id))).filter((e) => e.event?.type === 'TimerFired');
    expect(fired).toHaveLength(1);
    expect(fired[0]!.event?.data).toMatchObject({ dueAt });
  }, 30_000);

  it('parks a signal that keeps failing, with the reason, while other customers go on', async () => {
    const engine = await h.startEngine({ HEED_ENGINE_MAX_RETRIES: '2' });
    const poisoned = newCustomer('poison');
    const healthy = newCustomer('healthy');
    // The output stream of the poisoned customer is tombstoned: every append to it fails.
    await h.client.appendToStream(`lifecycle-${poisoned}`, jsonEvent({ type: 'Placeholder', data: {} }));
    await h.client.tombstoneStream(`lifecycle-${poisoned}`);
    await h.append(...forCustomer(poisoned, [productAdded('cart-1', 'p-1', day(0, '10:00'))]));
    await h.append(...forCustomer(healthy, [signedUp(day(0)), productAdded('cart-1', 'p-1', day(0, '10:00'))]));

    await nextOfType(h.client, `lifecycle-${healthy}`, 'StateChanged');
    const parked = await nextEvent(
      h.client,
      `$persistentsubscription-$ce-customer::${h.group}-parked`,
      (e) => e.event?.streamId === customerStream(poisoned),
    );
    expect(JSON.stringify(parked.link?.metadata)).toMatch(/StreamDeleted|deleted/i);
    expect(engine.transport.inFlightCount).toBe(0);
    await h.append(...forCustomer(healthy, [signedIn(day(1))]));
    await nextEvent(h.client, `lifecycle-${healthy}`, () => true);
  }, 30_000);

  it('stops gracefully: nothing is in flight once stop resolves, and a new replica goes on without doubles', async () => {
    const first = await h.startEngine();
    const customers = Array.from({ length: 8 }, (_, i) => newCustomer(`stop${i}`));
    for (const id of customers) {
      await h.append(
        ...forCustomer(id, [
          productAdded('cart-1', 'p-1', day(0, '10:00')),
          productAdded('cart-1', 'p-2', day(0, '10:01')),
        ]),
      );
    }
    await nextOfType(h.client, `lifecycle-${customers[0]!}`, 'StateChanged');
    await first.stop();
    expect(first.transport.inFlightCount).toBe(0);

    await h.startEngine();
    for (const id of customers) {
      await nextEvent(
        h.client,
        `lifecycle-${id}`,
        (e) => (e.event?.metadata as { causationRevision?: string }).causationRevision === '1',
      );
    }
    for (const id of customers) expect([...(await outputsByCause(h, id)).keys()].sort()).toEqual(['0', '1']);
  }, 30_000);
});
