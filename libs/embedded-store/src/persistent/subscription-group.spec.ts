import { randomUUID } from 'node:crypto';

import { type EventSource } from './event-source';
import { GroupIo } from './group-io';
import { type GroupMessage } from './group-message';
import { InMemoryPersistentStore } from './in-memory-persistent-store';
import { ManualClock, settle } from './manual-clock';
import { DEFAULT_GROUP_SETTINGS, type GroupSettings } from './settings';
import { type StoredRecord } from './stored-record';
import { parkedStreamOf, subscriptionIdOf } from './subscription-streams';
import { SubscriptionGroup } from './subscription-group';

type Received = { consumer: string; message: GroupMessage };

/** A group on an in-memory store and a simulated clock, with consumers that record what they get. */
const given = (
  overrides: Partial<GroupSettings> = {},
  source: EventSource = { kind: 'stream', streamId: 'orders' },
) => {
  const store = new InMemoryPersistentStore();
  const clock = new ManualClock();
  const settings: GroupSettings = {
    ...DEFAULT_GROUP_SETTINGS,
    startFrom: { kind: 'start' },
    messageTimeoutMs: 1_000,
    checkpointAfterMs: 100,
    minCheckpointCount: 1,
    ...overrides,
  };
  const received: Received[] = [];
  const errors: unknown[] = [];
  const sourceName = source.kind === 'all' ? '$all' : source.streamId;
  const id = subscriptionIdOf(sourceName, 'g');
  const open = () => {
    const group = new SubscriptionGroup(
      id,
      source,
      'g',
      settings,
      new GroupIo(store, source, id, settings.resolveLinkTos),
      clock,
      (e) => errors.push(e),
    );
    store.onCommit(() => group.notify());
    return group;
  };
  const group = open();
  const connect = (target: SubscriptionGroup, consumer: string, maxInFlight = 10, autoAck = false) =>
    target.addConsumer(consumer, consumer, '127.0.0.1', maxInFlight, (message) => {
      received.push({ consumer, message });
      if (autoAck) queueMicrotask(() => target.ack([message.id]));
    });
  const append = (stream: string, ...types: string[]) =>
    store.appendEvents(
      stream,
      types.map((type) => ({ id: randomUUID(), type })),
    );
  const types = (of = received) => of.map((r) => r.message.record.event?.type);
  const checkpoints = () =>
    store
      .stream(`$persistentsubscription-${id}-checkpoint`)
      .map((r: StoredRecord) => JSON.parse(Buffer.from(r.data).toString()) as string);
  return { store, clock, group, received, errors, connect, append, types, checkpoints, open, id };
};

describe('a persistent subscription group', () => {
  it('delivers the stream history in order, then events appended later', async () => {
    const t = given();
    t.append('orders', 'Placed', 'Paid');
    t.connect(t.group, 'a');
    await settle();
    t.append('orders', 'Shipped');
    await settle();
    expect(t.types()).toEqual(['Placed', 'Paid', 'Shipped']);
    expect(t.received.map((r) => r.message.retryCount)).toEqual([0, 0, 0]);
  });

  it('with extraStatistics, reports how long each consumer took to answer, in simulated time', async () => {
    const t = given({ extraStatistics: true });
    t.append('orders', 'Placed', 'Paid', 'Shipped');
    t.connect(t.group, 'a');
    await settle();
    const [placed, paid, shipped] = t.received.map((r) => r.message.id);
    await t.clock.advance(10);
    t.group.ack([placed!]);
    await t.clock.advance(20);
    t.group.nack([paid!], 'skip', 'not mine');
    await t.clock.advance(30);
    t.group.ack([shipped!]);
    const figures = new Map(t.group.statistics().consumers[0]!.measurements.map((m) => [m.key, m.value]));
    expect(figures.get('Fastest')).toBe(10);
    expect(figures.get('Median')).toBe(30);
    expect(figures.get('Highest')).toBe(60);
    expect(figures.get('Quintile 3')).toBe(30);
  });

  it('without extraStatistics, reports no measurements', async () => {
    const t = given();
    t.append('orders', 'Placed');
    t.connect(t.group, 'a', 10, true);
    await settle();
    expect(t.received).toHaveLength(1);
    expect(t.group.statistics().consumers[0]!.measurements).toEqual([]);
  });

  it('starting from the end delivers only events appended after the group started', async () => {
    const t = given({ startFrom: { kind: 'end' } });
    t.append('orders', 'Old');
    const late = t.open();
    await late.whenReady();
    t.connect(late, 'a');
    t.append('orders', 'New');
    await settle();
    expect(t.received.map((r) => r.message.record.event?.type)).toEqual(['New']);
  });

  it('redelivers a nacked-for-retry message with its retry count', async () => {
    const t = given();
    t.append('orders', 'Placed');
    t.connect(t.group, 'a');
    await settle();
    t.group.nack([t.received[0]!.message.id], 'retry', 'try again');
    await settle();
    expect(t.received.map((r) => [r.message.record.event?.type, r.message.retryCount])).toEqual([
      ['Placed', 0],
      ['Placed', 1],
    ]);
  });

  it('retries a message that times out, then parks it after maxRetryCount with the reason', async () => {
    const t = given({ maxRetryCount: 2, messageTimeoutMs: 500 });
    t.append('orders', 'Poison', 'Fine');
    t.connect(t.group, 'a');
    await settle();
    t.group.ack([t.received[1]!.message.id]);
    await t.clock.advance(500);
    await t.clock.advance(500);
    await t.clock.advance(500);
    const parked = t.store.stream(parkedStreamOf(t.id));
    expect(t.received.map((r) => r.message.retryCount)).toEqual([0, 0, 1, 2]);
    expect(parked.map((r) => Buffer.from(r.data).toString())).toEqual(['0@orders']);
    expect(JSON.parse(Buffer.from(parked[0]!.metadata).toString())).toMatchObject({
      reason: 'Reached retry count of 2',
    });
    expect(t.group.statistics().parkedMessageCount).toBe(1);
  });

  it('parks on request, skips on request, and replays the parked ones', async () => {
    const t = given();
    t.append('orders', 'ToPark', 'ToSkip');
    t.connect(t.group, 'a');
    await settle();
    t.group.nack([t.received[0]!.message.id], 'park', 'bad payload');
    t.group.nack([t.received[1]!.message.id], 'skip', 'irrelevant');
    await settle();
    const parked = t.store.stream(parkedStreamOf(t.id));
    expect(JSON.parse(Buffer.from(parked[0]!.metadata).toString())).toMatchObject({
      reason: "Client explicitly NAK'ed message.\nbad payload",
    });
    t.group.replayParked(undefined);
    await settle();
    expect(t.types()).toEqual(['ToPark', 'ToSkip', 'ToPark']);
    expect(t.received[2]!.message.record.link?.streamId).toBe(parkedStreamOf(t.id));
    expect(t.group.statistics().parkedMessageCount).toBe(0);
  });

  it('checkpoints below the lowest unacknowledged message once checkpointAfter has passed', async () => {
    const t = given({ checkpointAfterMs: 100 });
    t.append('orders', 'A', 'B', 'C');
    t.connect(t.group, 'a');
    await settle();
    t.group.ack([t.received[0]!.message.id, t.received[2]!.message.id]);
    await t.clock.advance(100);
    expect(t.checkpoints()).toEqual(['0']);
    t.group.ack([t.received[1]!.message.id]);
    await t.clock.advance(100);
    expect(t.checkpoints()).toEqual(['0', '2']);
  });

  it('checkpoints at once when maxCheckpointCount messages are done, whatever the time', async () => {
    const t = given({ checkpointAfterMs: 60_000, maxCheckpointCount: 2 });
    t.append('orders', 'A', 'B');
    t.connect(t.group, 'a');
    await settle();
    t.group.ack(t.received.map((r) => r.message.id));
    await settle();
    expect(t.checkpoints()).toEqual(['1']);
  });

  it('resumes after its checkpoint when opened again, redelivering what was not acknowledged', async () => {
    const t = given();
    t.append('orders', 'A', 'B', 'C');
    t.connect(t.group, 'a');
    await settle();
    t.group.ack([t.received[0]!.message.id]);
    await t.clock.advance(100);
    t.group.stop();
    const reopened = t.open();
    await reopened.whenReady();
    const after: Received[] = [];
    reopened.addConsumer('b', 'b', 'x', 10, (message) => after.push({ consumer: 'b', message }));
    await settle();
    expect(t.types(after)).toEqual(['B', 'C']);
  });

  it('moves the messages in flight on a leaving consumer to the others', async () => {
    const t = given();
    t.append('orders', 'A', 'B');
    t.connect(t.group, 'a');
    await settle();
    t.connect(t.group, 'b');
    t.group.removeConsumer('a');
    await settle();
    expect(
      t.received.filter((r) => r.consumer === 'b').map((r) => [r.message.record.event?.type, r.message.retryCount]),
    ).toEqual([
      ['A', 1],
      ['B', 1],
    ]);
  });

  it('holds no more than maxInFlight unacknowledged messages per consumer', async () => {
    const t = given();
    t.append('orders', 'A', 'B', 'C');
    t.connect(t.group, 'a', 2);
    await settle();
    expect(t.types()).toEqual(['A', 'B']);
    t.group.ack([t.received[0]!.message.id]);
    await settle();
    expect(t.types()).toEqual(['A', 'B', 'C']);
  });

  it('RoundRobin spreads messages over consumers in turn', async () => {
    const t = given({ consumerStrategy: 'RoundRobin' });
    t.connect(t.group, 'a');
    t.connect(t.group, 'b');
    t.append('orders', 'A', 'B', 'C', 'D');
    await settle();
    expect(t.received.map((r) => r.consumer)).toEqual(['a', 'b', 'a', 'b']);
  });

  it('DispatchToSingle sends everything to one consumer while it has room', async () => {
    const t = given({ consumerStrategy: 'DispatchToSingle' });
    t.connect(t.group, 'a', 3);
    t.connect(t.group, 'b', 3);
    t.append('orders', 'A', 'B', 'C', 'D');
    await settle();
    expect(t.received.map((r) => r.consumer)).toEqual(['a', 'a', 'a', 'b']);
  });

  it('Pinned keeps each stream on one consumer and moves a leaving consumer’s streams to the other', async () => {
    const t = given({ consumerStrategy: 'Pinned' }, { kind: 'all', filter: undefined });
    t.connect(t.group, 'a', 100);
    t.connect(t.group, 'b', 10, true);
    for (let round = 0; round < 3; round++) for (let c = 0; c < 6; c++) t.append(`customer-${c}`, `E${round}`);
    await settle();
    const ownerOf = (of: Received[]) => {
      const owners = new Map<string, Set<string>>();
      for (const r of of) {
        const stream = r.message.record.event!.streamId;
        owners.set(stream, (owners.get(stream) ?? new Set()).add(r.consumer));
      }
      return owners;
    };
    expect([...ownerOf(t.received).values()].every((owners) => owners.size === 1)).toBe(true);
    expect(new Set(t.received.map((r) => r.consumer))).toEqual(new Set(['a', 'b']));
    const before = t.received.length;
    t.group.removeConsumer('a');
    for (let c = 0; c < 6; c++) t.append(`customer-${c}`, 'Late');
    await settle();
    const afterwards = t.received.slice(before);
    expect(afterwards.every((r) => r.consumer === 'b')).toBe(true);
    expect(afterwards.filter((r) => r.message.record.event?.type === 'Late')).toHaveLength(6);
    // Everything consumer a held is delivered again on b: nothing is lost.
    const heldByA = t.received
      .slice(0, before)
      .filter((r) => r.consumer === 'a')
      .map((r) => r.message.id);
    expect(heldByA.every((id) => afterwards.some((r) => r.message.id === id))).toBe(true);
  });

  it('delivers each message once and in order to a consumer that acks inside its delivery', async () => {
    const t = given({ readBatchSize: 5, historyBufferSize: 20 });
    const expected = Array.from({ length: 50 }, (_, i) => `E${i}`);
    t.append('orders', ...expected);
    t.group.addConsumer('a', 'a', '127.0.0.1', 1, (message) => {
      t.received.push({ consumer: 'a', message });
      t.group.ack([message.id]);
    });
    await settle();
    await t.clock.advance(100);

    expect(t.types()).toEqual(expected);
    expect(t.group.statistics()).toMatchObject({ inFlightCount: 0, readBufferCount: 0 });
    expect(t.checkpoints().at(-1)).toBe('49');
  });

  it('Pinned holds back a full consumer’s streams in order while other streams go on', async () => {
    const t = given({ consumerStrategy: 'Pinned' }, { kind: 'all', filter: undefined });
    t.connect(t.group, 'slow', 1);
    t.connect(t.group, 'fast', 100, true);
    for (let round = 0; round < 5; round++) for (let c = 0; c < 8; c++) t.append(`shopper-${c}`, `E${round}`);
    await settle();
    const bySlow = () => t.received.filter((r) => r.consumer === 'slow');
    expect(bySlow()).toHaveLength(1);
    expect(t.received.length).toBeGreaterThan(1);

    for (let acks = 0; t.received.length < 40 && acks < 40; acks++) {
      t.group.ack([bySlow().at(-1)!.message.id]);
      await settle();
    }

    expect(t.received).toHaveLength(40);
    for (let c = 0; c < 8; c++) {
      const ofStream = t.received.filter((r) => r.message.record.event!.streamId === `shopper-${c}`);
      expect(ofStream.map((r) => r.message.record.event!.type)).toEqual(['E0', 'E1', 'E2', 'E3', 'E4']);
      expect(new Set(ofStream.map((r) => r.consumer)).size).toBe(1);
    }
  });

  it('a $all group with a filter sees only matching events, never its own bookkeeping streams', async () => {
    const t = given({}, { kind: 'all', filter: { on: 'streamName', prefixes: ['customer-'], regex: undefined } });
    t.connect(t.group, 'a');
    t.append('customer-1', 'A');
    t.append('order-1', 'B');
    t.append('customer-2', 'C');
    await settle();
    t.group.nack([t.received[0]!.message.id], 'park', 'x');
    await t.clock.advance(200);
    expect(t.types()).toEqual(['A', 'C']);
  });

  it('keeps a message that cannot be parked in delivery rather than losing it', async () => {
    const t = given();
    t.store.failAppendsTo = /-parked$/;
    t.append('orders', 'A');
    t.connect(t.group, 'a');
    await settle();
    t.group.nack([t.received[0]!.message.id], 'park', 'x');
    await settle();
    expect(t.types()).toEqual(['A', 'A']);
    expect(t.errors).toHaveLength(1);
  });
});
