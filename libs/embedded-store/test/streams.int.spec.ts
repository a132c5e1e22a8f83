import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  jsonEvent,
  MaxAppendSizeExceededError,
  START,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { collect, uniqueStream, useStore } from './store-fixture';

const happened = (type: string, data: Record<string, unknown> = {}, id?: string) =>
  jsonEvent({ type, data, ...(id ? { id } : {}) });

describe('embedded store: streams through @eventstore/db-client', () => {
  const fixture = useStore();

  describe('append and read', () => {
    it('reads back what was appended, forwards and backwards, with the positions the append returned', async () => {
      const stream = uniqueStream('order');
      const first = await fixture.client.appendToStream(stream, [happened('Placed', { n: 1 }), happened('Paid')]);
      const second = await fixture.client.appendToStream(stream, happened('Shipped'), { expectedRevision: 1n });

      const forwards = await collect(fixture.client.readStream(stream));
      const backwards = await collect(
        fixture.client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 2 }),
      );

      expect(first.nextExpectedRevision).toBe(1n);
      expect(forwards.map((e) => [e.event?.revision, e.event?.type])).toEqual([
        [0n, 'Placed'],
        [1n, 'Paid'],
        [2n, 'Shipped'],
      ]);
      expect(forwards[0]!.event?.data).toEqual({ n: 1 });
      expect(forwards[2]!.event?.position).toEqual(second.position);
      expect(forwards[2]!.commitPosition).toBe(second.position?.commit);
      expect(backwards.map((e) => e.event?.revision)).toEqual([2n, 1n]);
    });

    it('records created timestamps the client reads as the time of the append', async () => {
      const stream = uniqueStream('clock');
      const before = Date.now();
      await fixture.client.appendToStream(stream, happened('Ticked'));
      const [event] = await collect(fixture.client.readStream(stream));
      expect(event!.event!.created.getTime()).toBeGreaterThanOrEqual(before);
      expect(event!.event!.created.getTime()).toBeLessThanOrEqual(Date.now());
    });

    it('reads from a revision with a max count', async () => {
      const stream = uniqueStream('page');
      await fixture.client.appendToStream(
        stream,
        ['A', 'B', 'C', 'D'].map((t) => happened(t)),
      );
      const events = await collect(fixture.client.readStream(stream, { fromRevision: 1n, maxCount: 2 }));
      expect(events.map((e) => e.event?.type)).toEqual(['B', 'C']);
    });

    it('reads $all forwards inclusively from a position and backwards from the end', async () => {
      const stream = uniqueStream('ledger');
      const result = await fixture.client.appendToStream(stream, [happened('A'), happened('B')]);
      const fromLast = await collect(fixture.client.readAll({ fromPosition: result.position!, maxCount: 1 }));
      const latest = await collect(fixture.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 3 }));
      const ordered = await collect(fixture.client.readAll({ fromPosition: START, maxCount: 1000 }));

      expect(fromLast[0]!.event).toMatchObject({ streamId: stream, type: 'B' });
      expect(latest.map((e) => e.commitPosition)).toEqual(
        [...latest.map((e) => e.commitPosition!)].sort((a, b) => (a > b ? -1 : 1)),
      );
      const positions = ordered.map((e) => e.commitPosition!);
      expect(positions.every((p, i) => i === 0 || p > positions[i - 1]!)).toBe(true);
    });
  });

  describe('expected revision', () => {
    it('accepts no_stream, stream_exists and the exact revision when they hold', async () => {
      const stream = uniqueStream('acct');
      await fixture.client.appendToStream(stream, happened('Opened'), { expectedRevision: 'no_stream' });
      await fixture.client.appendToStream(stream, happened('Used'), { expectedRevision: 'stream_exists' });
      const result = await fixture.client.appendToStream(stream, happened('Closed'), { expectedRevision: 1n });
      expect(result.nextExpectedRevision).toBe(2n);
    });

    it.each([
      ['an exact revision', 7n, 0n],
      ['no_stream', 'no_stream' as const, 0n],
    ])('raises WrongExpectedVersionError with expected and current for %s', async (_, expected, current) => {
      const stream = uniqueStream('race');
      await fixture.client.appendToStream(stream, happened('First'));
      const attempt = fixture.client.appendToStream(stream, happened('Second'), { expectedRevision: expected });
      await expect(attempt).rejects.toBeInstanceOf(WrongExpectedVersionError);
      await expect(attempt).rejects.toMatchObject({
        streamName: stream,
        expectedVersion: expected,
        actualVersion: current,
      });
    });

    it('reports a missing stream as current no_stream', async () => {
      const stream = uniqueStream('ghost');
      await expect(
        fixture.client.appendToStream(stream, happened('X'), { expectedRevision: 'stream_exists' }),
      ).rejects.toMatchObject({ expectedVersion: 'stream_exists', actualVersion: 'no_stream' });
    });
  });

  describe('idempotency', () => {
    it('returns the original result for the same events at the same place and writes nothing', async () => {
      const stream = uniqueStream('pay');
      const events = [happened('A', {}, randomUUID()), happened('B', {}, randomUUID())];
      const original = await fixture.client.appendToStream(stream, events, { expectedRevision: 'no_stream' });
      const again = await fixture.client.appendToStream(stream, events, { expectedRevision: 'no_stream' });
      const anyAgain = await fixture.client.appendToStream(stream, events);
      expect(again).toEqual(original);
      expect(anyAgain).toEqual(original);
      expect(await collect(fixture.client.readStream(stream))).toHaveLength(2);
    });
  });

  describe('errors', () => {
    it('raises StreamNotFoundError reading a stream that was never written', async () => {
      await expect(collect(fixture.client.readStream(uniqueStream('none')))).rejects.toBeInstanceOf(
        StreamNotFoundError,
      );
    });

    it('raises MaxAppendSizeExceededError past 1 MiB and writes nothing', async () => {
      const stream = uniqueStream('big');
      const attempt = fixture.client.appendToStream(stream, happened('Huge', { blob: 'x'.repeat(1024 * 1024) }));
      await expect(attempt).rejects.toBeInstanceOf(MaxAppendSizeExceededError);
      await expect(attempt).rejects.toMatchObject({ maxAppendSize: 1024 * 1024 });
      await expect(collect(fixture.client.readStream(stream))).rejects.toBeInstanceOf(StreamNotFoundError);
    });
  });

  describe('delete and tombstone', () => {
    it('soft-deletes: the stream reads as missing, then comes back with continued revisions', async () => {
      const stream = uniqueStream('cart');
      await fixture.client.appendToStream(stream, [happened('A'), happened('B')]);
      await fixture.client.deleteStream(stream, { expectedRevision: 1n });
      await expect(collect(fixture.client.readStream(stream))).rejects.toBeInstanceOf(StreamNotFoundError);

      const again = await fixture.client.appendToStream(stream, happened('C'));
      const events = await collect(fixture.client.readStream(stream));
      expect(again.nextExpectedRevision).toBe(2n);
      expect(events.map((e) => e.event?.type)).toEqual(['C']);
    });

    it('raises WrongExpectedVersionError from delete trailers', async () => {
      const stream = uniqueStream('keep');
      await fixture.client.appendToStream(stream, happened('A'));
      await expect(fixture.client.deleteStream(stream, { expectedRevision: 4n })).rejects.toMatchObject({
        constructor: WrongExpectedVersionError,
        expectedVersion: 4n,
        actualVersion: 0n,
      });
    });

    it('tombstones: reads and appends raise StreamDeletedError for good', async () => {
      const stream = uniqueStream('closed');
      await fixture.client.appendToStream(stream, happened('A'));
      const { position } = await fixture.client.tombstoneStream(stream);
      await expect(collect(fixture.client.readStream(stream))).rejects.toBeInstanceOf(StreamDeletedError);
      await expect(fixture.client.appendToStream(stream, happened('B'))).rejects.toBeInstanceOf(StreamDeletedError);
      const [tombstone] = await collect(fixture.client.readAll({ fromPosition: position!, maxCount: 1 }));
      expect(tombstone!.event).toMatchObject({ streamId: stream, type: '$streamDeleted' });
    });
  });

  describe('stream metadata', () => {
    it('stores metadata in $$<stream> and honours $maxCount and truncateBefore on read', async () => {
      const stream = uniqueStream('log');
      await fixture.client.appendToStream(
        stream,
        ['A', 'B', 'C', 'D', 'E'].map((t) => happened(t)),
      );
      await fixture.client.setStreamMetadata(stream, { maxCount: 3, truncateBefore: 3 });
      const { metadata } = await fixture.client.getStreamMetadata(stream);
      const events = await collect(fixture.client.readStream(stream));
      expect(metadata).toMatchObject({ maxCount: 3, truncateBefore: 3 });
      expect(events.map((e) => e.event?.type)).toEqual(['D', 'E']);
    });
  });
});
