import {
  cardTransaction,
  checkoutStarted,
  day,
  featureUsed,
  productAdded,
  productViewed,
  session,
  signedIn,
  signedUp,
  subscriptionExpiring,
  transactionConfirmed,
  transactionDisputed,
  viewedPage,
} from '../../../libs/domain/src/testing';
import { nextEvent, nextOfType } from '../../../test/support/next-event';
import { EngineHarness, forCustomer, newCustomer } from './engine-harness';

// The domain's five behaviours, end to end: signals appended to customer-<id>, the engine
// consuming them through its persistent subscription, state and command events in lifecycle-<id>.
describe('engine: the lifecycle behaviours end to end', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.startEngine();
  });
  afterAll(() => h.stop());

  const lifecycle = (id: string) => `lifecycle-${id}`;

  it('1. flags a fading SaaS user who looks at cancellation, with reasons and a script', async () => {
    const id = newCustomer('saas');
    await h.append(
      ...forCustomer(id, [
        signedUp(day(0)),
        featureUsed('reports', day(0, '09:05'), true),
        ...session(day(8), 60),
        ...session(day(9), 45),
        ...session(day(10), 90),
        viewedPage('https://app.example.com/pricing#cancel', day(11, '10:00')),
      ]),
    );
    const flag = await nextOfType(h.client, lifecycle(id), 'FlagAccountForSuccessTeamRequested');
    const data = flag.event?.data as { reasons: string[]; data: { churnScore: number; suggestedScript: string } };
    expect(data.reasons.length).toBeGreaterThan(0);
    expect(data.data.suggestedScript.length).toBeGreaterThan(0);
    const changed = await nextEvent(h.client, lifecycle(id), (e) =>
      JSON.stringify(e.event?.data).includes('"at-risk"'),
    );
    expect(changed.event?.type).toBe('StateChanged');
  });

  it('2. freezes the card on a night-time first-country record transaction; a confirmation unfreezes', async () => {
    const id = newCustomer('card');
    const history = forCustomer(id, [
      cardTransaction(day(0, '12:10'), { transaction_id: 'tx-1', amount: 2_500 }),
      cardTransaction(day(1, '18:30'), { transaction_id: 'tx-2', amount: 4_000, local_time: '18:30' }),
      cardTransaction(day(2, '08:05'), { transaction_id: 'tx-3', amount: 12_000, local_time: '08:05' }),
      cardTransaction(day(3, '05:47'), { transaction_id: 'tx-4', amount: 95_000, country: 'BR', local_time: '02:47' }),
    ]);
    await h.append(...history);
    await nextOfType(h.client, lifecycle(id), 'CardFreezeRequested');
    await nextOfType(h.client, lifecycle(id), 'FraudVerificationSmsRequested');
    await h.append(...forCustomer(id, [transactionConfirmed('tx-4', day(3, '06:00'))]));
    await nextOfType(h.client, lifecycle(id), 'CardUnfreezeRequested');

    const disputed = newCustomer('card');
    await h.append(...forCustomer(disputed, [...history, transactionDisputed('tx-4', day(3, '06:00'))]));
    await nextOfType(h.client, lifecycle(disputed), 'CardFreezeRequested');
    const engine = h.engines[0]!;
    await engine.runtime.drain();
    const state = await engine.runtime.state(disputed);
    expect(state.inputRevision).toBe(4n);
    expect(await h.types(lifecycle(disputed))).not.toContain('CardUnfreezeRequested');
  });

  it('3. sends one cart-recovery email with the items when no checkout follows the delay', async () => {
    const id = newCustomer('cart');
    await h.append(
      ...forCustomer(id, [productViewed('p-1', day(0, '10:00')), productAdded('cart-1', 'p-1', day(0, '10:10'))]),
    );
    const scheduled = await nextOfType(h.client, lifecycle(id), 'TimerScheduled');
    const dueAt = (scheduled.event?.data as { dueAt: string }).dueAt;

    h.now = Date.parse(dueAt) - 1_000;
    await h.engines[0]!.timers.tick();
    h.now = Date.parse(dueAt) + 1_000;
    expect(await h.engines[0]!.timers.tick()).toBeGreaterThanOrEqual(1);
    const email = await nextOfType(h.client, lifecycle(id), 'CartRecoveryEmailRequested');
    expect(JSON.stringify(email.event?.data)).toContain('p-1');

    // Later views do not send it again.
    await h.append(...forCustomer(id, [productViewed('p-1', day(0, '13:00'))]));
    await h.engines[0]!.runtime.drain();
    await nextEvent(h.client, `customer-${id}`, (e) => e.event?.type === 'ProductViewed' && e.event.revision === 3n);
    const types = await h.types(lifecycle(id));
    expect(types.filter((t) => t === 'CartRecoveryEmailRequested')).toHaveLength(1);
  });

  it('4. tells the success team when a customer logs in after 7 days away', async () => {
    const id = newCustomer('back');
    await h.append(...forCustomer(id, [signedUp(day(0)), ...session(day(1), 600), signedIn(day(9))]));
    const notice = await nextOfType(h.client, lifecycle(id), 'ReturningCustomerNotificationRequested');
    expect((notice.event?.data as { data: { inactiveDays: number } }).data.inactiveDays).toBeGreaterThanOrEqual(7);
  });

  it('5. reminds before expiry, then turns churning with a retention incentive', async () => {
    const id = newCustomer('renew');
    await h.append(...forCustomer(id, [signedUp(day(0)), subscriptionExpiring('sub-1', day(10), day(3))]));
    await nextOfType(h.client, lifecycle(id), 'TimerScheduled');
    h.now = Date.parse(day(30));
    await h.engines[0]!.timers.tick();
    await nextOfType(h.client, lifecycle(id), 'RenewalReminderRequested');
    // The lapse is a later timer, set when the reminder fired: the next tick fires it.
    await nextEvent(h.client, lifecycle(id), (e) => e.event?.type === 'TimerScheduled' && e.event.revision > 1n);
    await h.engines[0]!.timers.tick();
    await nextOfType(h.client, lifecycle(id), 'RetentionIncentiveRequested');
    const changed = await nextEvent(h.client, lifecycle(id), (e) =>
      JSON.stringify(e.event?.data).includes('"churning"'),
    );
    expect(changed.event?.type).toBe('StateChanged');
  });

  it('never fires a timer whose state was left (checkout before the delay)', async () => {
    const id = newCustomer('left');
    await h.append(
      ...forCustomer(id, [productAdded('cart-1', 'p-1', day(0, '10:10')), checkoutStarted('cart-1', day(0, '10:20'))]),
    );
    await nextOfType(h.client, lifecycle(id), 'TimerCancelled');
    h.now = Date.parse(day(5));
    await h.engines[0]!.timers.tick();
    expect(await h.types(`customer-${id}`)).not.toContain('TimerFired');
    expect(await h.types(lifecycle(id))).not.toContain('CartRecoveryEmailRequested');
  });
});
