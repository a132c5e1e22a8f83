import { jsonEvent } from '@eventstore/db-client';
import { ActorRuntime, type RecordedInput } from '@heed/actors';
import { customerStream, SubscriptionProgress } from '@heed/event-store';
import { Registry } from 'prom-client';
import { day, featureUsed, productAdded, session, signedUp, viewedPage } from '../../../libs/domain/src/testing';
import { nextOfType } from '../../../test/support/next-event';
import { sampleOf, scrapeUntil } from '../../../test/support/metrics';
import { SubscriptionLag } from '../src/health/subscription-lag';
import { customerKind } from '../src/lifecycle/customer-kind';
import { EngineMetrics } from '../src/metrics/engine-metrics';
import { EngineHarness, forCustomer, newCustomer } from './engine-harness';

describe('engine observability', () => {
  let h: EngineHarness;
  beforeAll(async () => (h = await EngineHarness.start()));
  afterAll(() => h.stop());

  it('counts the signals processed and the commands emitted, and is caught up and ready afterwards', async () => {
    const engine = await h.startEngine();
    const metrics = `${engine.url}/metrics`;
    const id = newCustomer('obs');
    const signals = forCustomer(id, [
      signedUp(day(0)),
      featureUsed('reports', day(0, '09:05'), true),
      ...session(day(8), 60),
      ...session(day(9), 45),
      ...session(day(10), 90),
      viewedPage('https://app.example.com/pricing#cancel', day(11, '10:00')),
    ]);
    await h.append(...signals);
    await nextOfType(h.client, `lifecycle-${id}`, 'FlagAccountForSuccessTeamRequested');

    const scrape = await scrapeUntil(
      metrics,
      (text) => sampleOf(text, 'heed_engine_signals_total', { outcome: 'processed' }) >= signals.length,
    );
    expect(sampleOf(scrape, 'heed_engine_inputs_folded_total')).toBeGreaterThanOrEqual(signals.length);
    expect(sampleOf(scrape, 'heed_engine_commands_emitted_total', { type: 'FlagAccountForSuccessTeamRequested' })).toBe(
      1,
    );
    // A customer never seen: started from its first signal, its snapshot not read (ADR 0086).
    expect(sampleOf(scrape, 'heed_engine_fresh_starts_total')).toBeGreaterThanOrEqual(1);
    expect(sampleOf(scrape, 'heed_engine_resident_actors')).toBeGreaterThanOrEqual(1);
    expect(sampleOf(scrape, 'heed_engine_subscription_connected')).toBe(1);
    expect(sampleOf(scrape, 'heed_engine_subscription_lag_events')).toBe(0);
    expect(sampleOf(scrape, 'heed_engine_subscription_lag_seconds')).toBe(0);
    expect(sampleOf(scrape, 'heed_engine_signals_in_flight')).toBe(0);
    expect(scrape).toContain('heed_engine_parked_signals 0');

    const ready = await fetch(`${engine.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', lag: { events: 0, maxEvents: 1000 } });
    const timed = await (await fetch(metrics)).text();
    expect(
      sampleOf(timed, 'heed_http_request_duration_seconds_count', {
        service: 'engine',
        method: 'GET',
        route: '/health/ready',
        status_code: '200',
      }),
    ).toBe(1);
    await engine.stop();
    h.engines.splice(h.engines.indexOf(engine), 1);
  }, 30_000);

  it('counts a parked signal, and the group’s parked count shows it', async () => {
    const engine = await h.startEngine({ HEED_ENGINE_MAX_RETRIES: '2' });
    const poisoned = newCustomer('poison');
    // The output stream of the poisoned customer is tombstoned: every append to it fails.
    await h.client.appendToStream(`lifecycle-${poisoned}`, jsonEvent({ type: 'Placeholder', data: {} }));
    await h.client.tombstoneStream(`lifecycle-${poisoned}`);
    await h.append(...forCustomer(poisoned, [productAdded('cart-1', 'p-1', day(0, '10:00'))]));

    const scrape = await scrapeUntil(
      `${engine.url}/metrics`,
      (text) => sampleOf(text, 'heed_engine_signals_total', { outcome: 'parked' }) === 1,
    );
    expect(sampleOf(scrape, 'heed_engine_signals_total', { outcome: 'retried' })).toBe(1);
    // The store's count of the group's parked messages is sampled at most once a second.
    await scrapeUntil(`${engine.url}/metrics`, (text) => sampleOf(text, 'heed_engine_parked_signals') === 1);
  }, 30_000);
});

describe('actor runtime metrics', () => {
  let h: EngineHarness;
  beforeAll(async () => (h = await EngineHarness.start()));
  afterAll(() => h.stop());

  it('count snapshot writes, and a conflict retry when another replica wrote the customer first', async () => {
    const registry = new Registry();
    const metrics = new EngineMetrics(registry);
    const kind = customerKind();
    const runtime = (observer?: EngineMetrics) =>
      new ActorRuntime({
        client: h.client,
        definition: kind.definition,
        streams: kind.streams,
        snapshotEvery: 1,
        observer,
      });
    const mine = runtime(metrics);
    const other = runtime();
    const id = newCustomer('race');
    const input = async (revision: number): Promise<RecordedInput> => {
      const e = (await h.read(customerStream(id)))[revision]!.event!;
      return { id: e.id, type: e.type, revision: e.revision, data: e.data, metadata: e.metadata };
    };
    const signals = forCustomer(id, [
      productAdded('cart-1', 'p-1', day(0, '10:00')),
      productAdded('cart-1', 'p-2', day(0, '10:01')),
      productAdded('cart-1', 'p-3', day(0, '10:02')),
    ]);
    await h.append(signals[0]!);
    await mine.process(id, await input(0));
    // Another replica processes the next signal: this one's resident state is now behind.
    await h.append(signals[1]!);
    await other.process(id, await input(1));
    await h.append(signals[2]!);
    expect(await mine.process(id, await input(2))).toMatchObject({ status: 'processed' });

    const scrape = await registry.metrics();
    expect(sampleOf(scrape, 'heed_engine_conflict_retries_total')).toBe(1);
    expect(sampleOf(scrape, 'heed_engine_snapshot_writes_total', { outcome: 'written' })).toBeGreaterThanOrEqual(2);
    // Rebuilt after the conflict, from the snapshot the other replica wrote.
    expect(sampleOf(scrape, 'heed_engine_rehydration_duration_seconds_count', { snapshot: 'used' })).toBe(1);
  });
});

describe('timer metrics', () => {
  let h: EngineHarness;
  beforeAll(async () => (h = await EngineHarness.start()));
  afterAll(() => h.stop());

  it('count the timers filed, and how late the wall clock fired them', async () => {
    const engine = await h.startEngine();
    const metrics = `${engine.url}/metrics`;
    const id = newCustomer('timer');
    await h.append(...forCustomer(id, [productAdded('cart-1', 'p-1', day(0, '10:10'))]));
    const scheduled = await nextOfType(h.client, `lifecycle-${id}`, 'TimerScheduled');
    const dueAt = (scheduled.event?.data as { dueAt: string }).dueAt;
    await engine.timers.tick(); // files the timer; not due yet

    const filed = await (await fetch(metrics)).text();
    expect(sampleOf(filed, 'heed_engine_timers_filed_total')).toBe(1);
    expect(sampleOf(filed, 'heed_engine_timer_buckets_open')).toBeGreaterThanOrEqual(1);
    expect(sampleOf(filed, 'heed_engine_timer_firing_delay_seconds_count')).toBe(0);

    h.now = Date.parse(dueAt) + 120_000; // two minutes late: the engine was busy, or down
    expect(await engine.timers.tick()).toBe(1);
    const fired = await (await fetch(metrics)).text();
    expect(sampleOf(fired, 'heed_engine_timer_firing_delay_seconds_count')).toBe(1);
    expect(sampleOf(fired, 'heed_engine_timer_firing_delay_seconds_bucket', { le: '60' })).toBe(0);
    expect(sampleOf(fired, 'heed_engine_timer_firing_delay_seconds_bucket', { le: '300' })).toBe(1);
    expect(sampleOf(fired, 'heed_engine_timers_fired_late_total')).toBe(1);
  }, 30_000);
});

describe('subscription lag', () => {
  let h: EngineHarness;
  beforeAll(async () => (h = await EngineHarness.start()));
  afterAll(() => h.stop());

  it('is the events after what the replica handled, and how much older the first of them is than the head', async () => {
    const id = newCustomer('lag');
    // A store of its own: its $ce-customer holds only these three signals.
    await h.append(...forCustomer(id, [productAdded('cart-1', 'p-1', day(0, '10:00'))]));
    await h.append(...forCustomer(id, [productAdded('cart-1', 'p-2', day(0, '10:01'))]));
    await h.append(...forCustomer(id, [productAdded('cart-1', 'p-3', day(0, '10:02'))]));
    const progress = new SubscriptionProgress();
    const lag = (maxAgeMs = 0) =>
      new SubscriptionLag({ client: h.client, stream: '$ce-customer', group: 'no-such-group', progress, maxAgeMs });

    const behind = await lag().sample();
    expect(behind).toMatchObject({ events: 3, parked: undefined });
    expect(behind.seconds).toBeGreaterThanOrEqual(0);

    const links = await h.read('$ce-customer');
    const place = (i: number) => ({ revision: links[i]!.event!.revision, created: links[i]!.event!.created.getTime() });
    progress.received(place(0));
    progress.received(place(1));
    progress.settled(place(1));
    // Still holding the first: everything from it on is left.
    expect((await lag().sample()).events).toBe(3);
    progress.settled(place(0));
    expect((await lag().sample()).events).toBe(1);
    progress.received(place(2));
    progress.settled(place(2));
    expect(await lag().sample()).toEqual({ events: 0, seconds: 0, parked: undefined });
  });
});
