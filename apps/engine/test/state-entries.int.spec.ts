import {
  FORWARDS,
  START,
  StreamNotFoundError,
  jsonEvent,
  type EventStoreDBClient,
  type Position,
} from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { cardTransaction, day, transactionConfirmed } from '../../../libs/domain/src/testing';
import { customerKind } from '../src/lifecycle/customer-kind';
import { initialRegionStates, lifecycleStateEntries, stateEntryStream } from '../src/state-entries/state-entries';
import {
  LINK_EVENT_TYPE,
  StateEntryProjector,
  type StateEntryLinkMetadata,
} from '../src/state-entries/state-entry-projector';
import { EngineHarness, forCustomer, newCustomer } from './engine-harness';

const lifecycle = (id: string): string => `lifecycle-${id}`;

interface Entry {
  readonly linkType: string;
  readonly linkData: string;
  readonly metadata: StateEntryLinkMetadata;
  readonly type: string | undefined;
  readonly stream: string | undefined;
  readonly revision: bigint | undefined;
  readonly to: unknown;
}

/** The links of a state-entry stream, each with the event it resolves to (`resolveLinkTos: true`). */
async function entries(client: EventStoreDBClient, stream: string): Promise<Entry[]> {
  const out: Entry[] = [];
  try {
    for await (const e of client.readStream(stream, { direction: FORWARDS, fromRevision: START, resolveLinkTos: true }))
      out.push({
        linkType: e.link!.type,
        linkData: Buffer.from(e.link!.data).toString('utf8'),
        metadata: e.link!.metadata as unknown as StateEntryLinkMetadata,
        type: e.event?.type,
        stream: e.event?.streamId,
        revision: e.event?.revision,
        to: (e.event?.data as { to?: unknown } | undefined)?.to,
      });
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return out;
}

/** Resolves with the first event of `stream` (links resolved) that `match` accepts: a live wait, no polling. */
async function firstMatching(
  client: EventStoreDBClient,
  stream: string,
  match: (streamId: string | undefined) => boolean,
): Promise<void> {
  const subscription = client.subscribeToStream(stream, { fromRevision: START, resolveLinkTos: true });
  try {
    for await (const e of subscription) if (match(e.event?.streamId)) return;
  } finally {
    await subscription.unsubscribe();
  }
}

const suspiciousHistory = (tx: string, dayIndex: number) => [
  cardTransaction(day(dayIndex, '12:10'), { transaction_id: `${tx}-1`, amount: 2_500 }),
  cardTransaction(day(dayIndex + 1, '18:30'), { transaction_id: `${tx}-2`, amount: 4_000, local_time: '18:30' }),
  cardTransaction(day(dayIndex + 2, '08:05'), { transaction_id: `${tx}-3`, amount: 12_000, local_time: '08:05' }),
  cardTransaction(day(dayIndex + 3, '05:47'), {
    transaction_id: `${tx}-4`,
    amount: 95_000,
    country: 'BR',
    local_time: '02:47',
  }),
];

describe('state-entry streams (became-<state>)', () => {
  let h: EngineHarness;

  beforeEach(async () => {
    h = await EngineHarness.start();
  });

  afterEach(async () => {
    await h.stop();
  });

  it('links a customer who became suspicious once, in order, to its StateChanged; a restart adds no duplicate', async () => {
    await h.startEngine();
    const id = newCustomer('card');
    await h.append(...forCustomer(id, suspiciousHistory('tx', 0)));
    await firstMatching(h.client, 'became-suspicious', (s) => s === lifecycle(id));

    let links = await entries(h.client, 'became-suspicious');
    expect(links).toHaveLength(1);
    const [first] = links;
    expect(first!.linkType).toBe(LINK_EVENT_TYPE);
    expect(first!.linkData).toBe(`${first!.revision}@${lifecycle(id)}`);
    expect(first!.type).toBe('StateChanged');
    expect(first!.stream).toBe(lifecycle(id));
    expect((first!.to as { fraud: string }).fraud).toBe('suspicious');
    expect(first!.metadata.key).toBe(id);

    // The case closes (confirmed), and a later transaction opens a new one: a second entry, after the first.
    await h.append(
      ...forCustomer(id, [
        transactionConfirmed('tx-4', day(3, '06:00')),
        cardTransaction(day(4, '03:10'), {
          transaction_id: 'tx-5',
          amount: 99_000,
          country: 'NG',
          local_time: '03:10',
        }),
      ]),
    );
    await h.engines[0]!.runtime.drain();
    const engineLinks = async (): Promise<number> =>
      (await entries(h.client, 'became-suspicious')).filter((e) => e.stream === lifecycle(id)).length;
    // The engine wrote its outputs; the projector follows them: wait on the stream itself.
    const subscription = h.client.subscribeToStream('became-suspicious', { fromRevision: START });
    let seen = 0;
    for await (const _ of subscription) if (++seen === 2) break;
    await subscription.unsubscribe();
    expect(await engineLinks()).toBe(2);

    // A restart (a new engine, a new projector) reads everything again from its checkpoint: nothing twice.
    await h.engines.splice(0)[0]!.stop();
    await h.startEngine();
    const other = newCustomer('card');
    await h.append(...forCustomer(other, suspiciousHistory('ux', 10)));
    await firstMatching(h.client, 'became-suspicious', (s) => s === lifecycle(other));

    links = await entries(h.client, 'became-suspicious');
    expect(links.map((l) => l.stream)).toEqual([lifecycle(id), lifecycle(id), lifecycle(other)]);
    const revisions = links.filter((l) => l.stream === lifecycle(id)).map((l) => l.revision!);
    expect(revisions[0]! < revisions[1]!).toBe(true);
    expect(new Set(links.map((l) => l.metadata.$causationId)).size).toBe(3);
  });
});

describe('StateEntryProjector', () => {
  let h: EngineHarness;
  const kind = customerKind();
  const initial = initialRegionStates(kind.definition.machine);
  const projector = (): StateEntryProjector =>
    new StateEntryProjector({
      client: h.client,
      entries: lifecycleStateEntries,
      initial,
      outputCategory: 'lifecycle',
    });

  /** Appends a StateChanged as the engine writes it; returns its `$all` position. */
  const changed = async (id: string, from: unknown, to: unknown): Promise<Position> => {
    const result = await h.client.appendToStream(
      lifecycle(id),
      jsonEvent({
        id: randomUUID(),
        type: 'StateChanged',
        data: { key: id, from, to, cause: { type: 'X', id: randomUUID() }, at: day(1) },
        metadata: { key: id },
      }),
    );
    return result.position!;
  };

  const state = (engagement: unknown, fraud = 'clear') => ({ engagement, fraud });

  beforeEach(async () => {
    h = await EngineHarness.start();
  });

  afterEach(async () => {
    await h.stop();
  });

  it('links entries only, once each, whether read once, again after a restart, or by two projectors racing', async () => {
    const a = newCustomer('a');
    const b = newCustomer('b');
    await changed(a, null, state('active')); // starts active: not an entry
    await changed(a, state('active'), state({ 'at-risk': 'flagged' }));
    await changed(a, state({ 'at-risk': 'flagged' }), state({ 'at-risk': 'emailed' })); // still at-risk
    await changed(a, state({ 'at-risk': 'emailed' }), state('churning'));
    await changed(b, null, state('active', 'suspicious')); // a first signal that is suspicious
    const last = await changed(a, state('churning'), state('active'));

    const first = projector();
    first.start();
    await first.reached(last);
    await first.stop();
    expect(first.linksWritten).toBe(4);

    // A restart, and two projectors at once, over the same history and more of it.
    const again = [projector(), projector()];
    for (const p of again) p.start();
    await changed(b, state('active', 'suspicious'), state('active', 'clear'));
    const end = await changed(b, state('active', 'clear'), state({ 'at-risk': 'flagged' }, 'suspicious'));
    await Promise.all(again.map((p) => p.reached(end)));
    await Promise.all(again.map((p) => p.stop()));
    // Both may append the same link at the same expected revision: the store takes it once (same id).

    const streams = (list: Entry[]) => list.map((e) => e.stream);
    expect(streams(await entries(h.client, stateEntryStream('at-risk')))).toEqual([lifecycle(a), lifecycle(b)]);
    expect(streams(await entries(h.client, stateEntryStream('churning')))).toEqual([lifecycle(a)]);
    expect(streams(await entries(h.client, stateEntryStream('active')))).toEqual([lifecycle(a)]);
    const suspicious = await entries(h.client, stateEntryStream('suspicious'));
    expect(streams(suspicious)).toEqual([lifecycle(b), lifecycle(b)]);
    expect(suspicious.map((e) => e.revision)).toEqual([0n, 2n]);
    expect(suspicious.every((e) => e.type === 'StateChanged')).toBe(true);
  });

  /** 150 customers who become at-risk and suspicious at once: 300 entries; the last change's position. */
  const backlog = async (): Promise<{ customers: string[]; end: Position }> => {
    const customers = Array.from({ length: 150 }, (_, i) => newCustomer(`batch-${i}`));
    let end: Position | undefined;
    for (const id of customers) {
      await changed(id, null, state('active'));
      end = await changed(id, state('active'), state({ 'at-risk': 'flagged' }, 'suspicious'));
    }
    return { customers, end: end! };
  };
  // Flushed by count only (the delay never passes in these tests): 50 links a batch by default.
  const batched = (linksPerFlush = 50): StateEntryProjector =>
    new StateEntryProjector({
      client: h.client,
      entries: lifecycleStateEntries,
      initial,
      outputCategory: 'lifecycle',
      linksPerFlush,
      flushDelayMs: 600_000,
    });
  const linked = async (state: string): Promise<Array<string | undefined>> =>
    (await entries(h.client, stateEntryStream(state))).map((e) => e.stream);

  it('links a backlog in batches: one append per stream and batch, each entry once and in order', async () => {
    const { customers, end } = await backlog();
    const appends: string[] = [];
    const append = h.client.appendToStream.bind(h.client);
    jest.spyOn(h.client, 'appendToStream').mockImplementation((stream, events, options) => {
      appends.push(stream);
      return append(stream, events, options);
    });

    const projector = batched();
    projector.start();
    await projector.reached(end);
    await projector.stop();

    expect(projector.linksWritten).toBe(300);
    // Six batches of 50, each one append to became-at-risk and one to became-suspicious.
    expect(appends.filter((s) => s.startsWith('became-'))).toHaveLength(12);
    expect(await linked('at-risk')).toEqual(customers.map(lifecycle));
    expect(await linked('suspicious')).toEqual(customers.map(lifecycle));
  }, 30_000);

  it('links each entry of a backlog once, in order, when two replicas race on batches that overlap', async () => {
    const { customers, end } = await backlog();
    // Batches of 50 and of 60 links: each replica finds part of its batch linked by the other.
    const racing = [batched(50), batched(60)];
    for (const p of racing) p.start();
    await Promise.all(racing.map((p) => p.reached(end)));
    await Promise.all(racing.map((p) => p.stop()));

    expect(await linked('at-risk')).toEqual(customers.map(lifecycle));
    expect(await linked('suspicious')).toEqual(customers.map(lifecycle));
  }, 30_000);
});
