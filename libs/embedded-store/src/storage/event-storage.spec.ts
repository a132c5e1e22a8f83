import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EventStorage } from './event-storage';
import type { ProposedEvent } from './recorded-event';
import { StorageFullError, StreamDeletedError, WrongExpectedRevisionError } from './storage-errors';

const event = (type = 'Happened', id: string = randomUUID()): ProposedEvent => ({
  id,
  type,
  contentType: 'application/json',
  data: Buffer.from(JSON.stringify({ type })),
  metadata: Buffer.alloc(0),
});

describe('EventStorage', () => {
  let storage: EventStorage;
  beforeEach(() => (storage = new EventStorage()));
  afterEach(() => storage.close());

  it('appends with increasing revisions and positions, and reads them back both ways', async () => {
    const first = await storage.append('order-1', 'no_stream', [event('A'), event('B')]);
    const second = await storage.append('order-1', 1, [event('C')]);
    expect(first.revision).toBe(1);
    expect(second).toEqual({ revision: 2, position: expect.any(Number) as number });
    expect(second.position).toBeGreaterThan(first.position);

    const forwards = storage.readStream('order-1', { direction: 'forwards', from: 'start', maxCount: 10 });
    const backwards = storage.readStream('order-1', { direction: 'backwards', from: 'end', maxCount: 2 });
    expect(forwards.status === 'ok' && forwards.events.map((e) => e.type)).toEqual(['A', 'B', 'C']);
    expect(backwards.status === 'ok' && backwards.events.map((e) => e.revision)).toEqual([2, 1]);
    expect(forwards.status === 'ok' && forwards.events[2]!.position).toBe(second.position);
  });

  it('begins a new log with system events; $all reads leave out the epoch record, as EventStoreDB', () => {
    expect(storage.headPosition()).toBeGreaterThan(0);
    const all = storage.readAll({ direction: 'forwards', from: 'start', maxCount: 10 });
    expect(all.events.map((e) => [e.streamName, e.type])).toEqual([['$$$scavenges', '$metadata']]);
    const epoch = storage.readStream('$epoch-information', { direction: 'forwards', from: 'start', maxCount: 10 });
    expect(epoch.status === 'ok' && epoch.events.map((e) => e.type)).toEqual(['$epoch-information']);
    const data = epoch.status === 'ok' ? (JSON.parse(Buffer.from(epoch.events[0]!.data).toString()) as object) : {};
    expect(data).toMatchObject({ epochNumber: 0, epochPosition: 0, prevEpochPosition: -1 });
  });

  it('writes the system events once: reopening a log adds none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'heed-system-events-'));
    try {
      const first = new EventStorage({ dataDir: dir });
      const head = first.headPosition();
      first.close();
      const reopened = new EventStorage({ dataDir: dir });
      expect(reopened.headPosition()).toBe(head);
      reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without system projections, appends write no $ce-/$et- links', async () => {
    const plain = new EventStorage({ systemProjections: false });
    try {
      const before = plain.headPosition();
      await plain.append('order-1', 'no_stream', [event('A')]);
      expect(plain.headPosition()).toBe(before + 1);
      expect(plain.streamState('$ce-order').lastRevision).toBe(-1);
      await storage.append('order-1', 'no_stream', [event('A')]);
      expect(storage.streamState('$ce-order').lastRevision).toBe(0);
      expect(storage.streamState('$et-A').lastRevision).toBe(0);
    } finally {
      plain.close();
    }
  });

  it('commits concurrent appends of one turn together and answers each', async () => {
    let commits = 0;
    storage.onCommitted(() => commits++);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => storage.append(`cart-${i}`, 'any', [event()])),
    );
    expect(commits).toBe(1);
    expect(new Set(results.map((r) => r.position)).size).toBe(20);
  });

  it('returns the original result when the same events are appended again, and writes nothing', async () => {
    const events = [event('A'), event('B')];
    const original = await storage.append('pay-1', 'no_stream', events);
    const again = await storage.append('pay-1', 'no_stream', events);
    const viaAny = await storage.append('pay-1', 'any', events);
    expect(again).toEqual(original);
    expect(viaAny).toEqual(original);
    expect(storage.streamState('pay-1').lastRevision).toBe(1);
  });

  it('fails the writes of a commit that finds the disk full with StorageFullError, writes nothing, and writes again once there is room', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'heed-storage-'));
    const onDisk = new EventStorage({ dataDir });
    try {
      await onDisk.append('cart-1', 'any', [event('A')]);
      const head = onDisk.headPosition();
      // SQLite's page limit stands in for a full file system: it fails the commit with the same SQLITE_FULL.
      const db = (onDisk as unknown as { db: Database.Database }).db;
      const pages = db.pragma('page_count', { simple: true }) as number;
      db.pragma(`max_page_count = ${pages}`);
      const big: ProposedEvent = { ...event('Big'), data: Buffer.alloc(256 * 1024, 0x7b) };

      const failed = await Promise.allSettled([
        onDisk.append('cart-1', 0, [big]),
        onDisk.append('cart-2', 'no_stream', [event('B')]),
      ]);
      const reasons = failed.map((r): unknown => (r.status === 'rejected' ? r.reason : r.value));
      expect(reasons.map((reason) => reason instanceof StorageFullError)).toEqual([true, true]);
      const [full] = reasons as StorageFullError[];
      expect(full?.code).toBe('STORAGE_FULL');
      expect(full?.message).toBe('the data directory is full (database or disk is full); nothing was written');
      expect((full?.cause as { code?: unknown } | undefined)?.code).toBe('SQLITE_FULL');
      expect(onDisk.headPosition()).toBe(head);
      expect(onDisk.streamState('cart-1').lastRevision).toBe(0);
      expect(onDisk.streamState('cart-2').lastRevision).toBe(-1);

      db.pragma(`max_page_count = ${pages * 1000}`);
      await expect(onDisk.append('cart-1', 0, [big])).resolves.toMatchObject({ revision: 1 });
    } finally {
      onDisk.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('rejects a wrong expected revision with the current one and writes nothing', async () => {
    await storage.append('acc-1', 'any', [event()]);
    await expect(storage.append('acc-1', 5, [event()])).rejects.toMatchObject({
      constructor: WrongExpectedRevisionError,
      expected: 5,
      current: 0,
    });
    await expect(storage.append('acc-2', 'stream_exists', [event()])).rejects.toMatchObject({ current: 'no_stream' });
    expect(storage.streamState('acc-1').lastRevision).toBe(0);
  });

  it('projects $ce- and $et- link events that resolve to their source', async () => {
    await storage.append('customer-7', 'any', [event('LoggedIn')]);
    const category = storage.readStream('$ce-customer', { direction: 'forwards', from: 'start', maxCount: 10 });
    const byType = storage.readStream('$et-LoggedIn', { direction: 'forwards', from: 'start', maxCount: 10 });
    const link = category.status === 'ok' ? category.events[0] : undefined;
    expect(link?.type).toBe('$>');
    expect(byType.status === 'ok' && byType.events).toHaveLength(1);
    expect(storage.resolveLink(link!)).toMatchObject({ streamName: 'customer-7', revision: 0, type: 'LoggedIn' });
  });

  it('resolves a page of records at once, as resolveLink does one by one', async () => {
    await storage.append('shopper-1', 'any', [event('A'), event('B')]);
    await storage.append('shopper-2', 'any', [event('C')]);
    await storage.append('shopper-3', 'any', [event('D')]);
    await storage.deleteStream('shopper-3', 'any');
    const links = storage.readStream('$ce-shopper', { direction: 'forwards', from: 'start', maxCount: 10 });
    const plain = storage.readStream('shopper-1', { direction: 'forwards', from: 'start', maxCount: 1 });
    const records = [...(links.status === 'ok' ? links.events : []), ...(plain.status === 'ok' ? plain.events : [])];

    const resolved = storage.resolveLinks(records);

    expect(resolved.map((e) => e && `${e.type}@${e.streamName}/${e.revision}`)).toEqual([
      'A@shopper-1/0',
      'B@shopper-1/1',
      'C@shopper-2/0',
      undefined, // its stream is deleted
      undefined, // not a link
    ]);
    expect(resolved).toEqual(records.map((r) => storage.resolveLink(r)));
  });

  it('gives back the bytes and ids it stored, on every read path', async () => {
    // Every byte value in the data, non-UTF-8 metadata, an empty payload: reads turn the stored
    // blobs back into bytes themselves (event-storage.ts, eventColumns).
    const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const stored: ProposedEvent[] = [
      {
        id: randomUUID(),
        type: 'Binary',
        contentType: 'application/octet-stream',
        data: every,
        metadata: Buffer.from([0xff, 0x00, 0xc3]),
      },
      {
        id: randomUUID(),
        type: 'Empty',
        contentType: 'application/json',
        data: Buffer.alloc(0),
        metadata: Buffer.alloc(0),
      },
      event('Json'),
    ];
    await storage.append('bytes-1', 'no_stream', stored);
    const expected = stored.map((e) => ({
      id: e.id,
      type: e.type,
      contentType: e.contentType,
      data: Buffer.from(e.data),
      metadata: Buffer.from(e.metadata),
    }));
    const ofRecords = (
      records: ReadonlyArray<
        { id: string; type: string; contentType: string; data: Uint8Array; metadata: Uint8Array } | undefined
      >,
    ) =>
      records.map(
        (e) =>
          e && {
            id: e.id,
            type: e.type,
            contentType: e.contentType,
            data: Buffer.from(e.data),
            metadata: Buffer.from(e.metadata),
          },
      );

    const forwards = storage.readStream('bytes-1', { direction: 'forwards', from: 'start', maxCount: 10 });
    const backwards = storage.readStream('bytes-1', { direction: 'backwards', from: 'end', maxCount: 10 });
    const all = storage
      .readAll({ direction: 'forwards', from: 'start', maxCount: 100 })
      .events.filter((e) => e.streamName === 'bytes-1');
    const allBack = storage
      .readAll({ direction: 'backwards', from: 'end', maxCount: 100 })
      .events.filter((e) => e.streamName === 'bytes-1');
    const byType = storage.readAll({
      direction: 'forwards',
      from: 'start',
      maxCount: 100,
      filter: { on: 'eventType', prefixes: ['Binary', 'Empty', 'Json'] },
    });
    const links = storage.readStream('$ce-bytes', { direction: 'forwards', from: 'start', maxCount: 10 });
    const linkRecords = links.status === 'ok' ? links.events : [];

    expect(ofRecords(forwards.status === 'ok' ? forwards.events : [])).toEqual(expected);
    expect(ofRecords(backwards.status === 'ok' ? backwards.events : [])).toEqual([...expected].reverse());
    expect(ofRecords(all)).toEqual(expected);
    expect(ofRecords(allBack)).toEqual([...expected].reverse());
    expect(ofRecords(byType.events)).toEqual(expected);
    expect(ofRecords(storage.resolveLinks(linkRecords))).toEqual(expected);
    expect(ofRecords(linkRecords.map((link) => storage.resolveLink(link)))).toEqual(expected);
    // A projected link stores no id: its id comes from its position, the same on every read.
    expect(linkRecords.map((link) => link.id)).toEqual(
      linkRecords.map((link) => `6c696e6b-0000-4000-8000-${link.position.toString(16).padStart(12, '0')}`),
    );
  });

  it('soft-deletes, then re-creates the stream with continued revisions', async () => {
    await storage.append('basket-1', 'any', [event('A'), event('B')]);
    await storage.deleteStream('basket-1', 1);
    expect(storage.readStream('basket-1', { direction: 'forwards', from: 'start', maxCount: 10 }).status).toBe(
      'not_found',
    );
    const again = await storage.append('basket-1', 'no_stream', [event('C')]);
    const read = storage.readStream('basket-1', { direction: 'forwards', from: 'start', maxCount: 10 });
    expect(again.revision).toBe(2);
    expect(read.status === 'ok' && read.events.map((e) => e.type)).toEqual(['C']);
  });

  it('refuses reads and writes of a tombstoned stream', async () => {
    await storage.append('gone-1', 'any', [event()]);
    await storage.tombstoneStream('gone-1', 'any');
    expect(storage.readStream('gone-1', { direction: 'forwards', from: 'start', maxCount: 1 }).status).toBe('deleted');
    await expect(storage.append('gone-1', 'any', [event()])).rejects.toBeInstanceOf(StreamDeletedError);
  });

  it('honours $maxCount and $tb on read', async () => {
    await storage.append('log-1', 'any', [event('A'), event('B'), event('C'), event('D')]);
    await storage.append('$$log-1', 'any', [
      { ...event('$metadata'), data: Buffer.from(JSON.stringify({ $maxCount: 3, $tb: 2 })) },
    ]);
    const read = storage.readStream('log-1', { direction: 'forwards', from: 'start', maxCount: 10 });
    expect(read.status === 'ok' && read.events.map((e) => e.type)).toEqual(['C', 'D']);
  });

  it('reads $all in bounded, filtered pages that continue after the last examined record', async () => {
    await storage.append('noise-1', 'any', [event('N'), event('N'), event('N')]);
    await storage.append('signal-1', 'any', [event('S')]);
    const first = storage.readAll({
      direction: 'forwards',
      from: 'start',
      maxCount: 10,
      maxScan: 2,
      filter: { on: 'stream', prefixes: ['signal-'] },
    });
    expect(first.events).toHaveLength(0);
    const rest = storage.readAll({
      direction: 'forwards',
      from: first.lastScanned! + 1,
      maxCount: 10,
      filter: { on: 'stream', prefixes: ['signal-'] },
    });
    expect(rest.events.map((e) => e.streamName)).toEqual(['signal-1']);
    expect(rest.reachedEnd).toBe(true);
  });

  it('reads $all filtered to named event types in SQLite exactly as record by record', async () => {
    const types = ['Alpha', 'Beta', 'Gamma', 'Alpha-2'];
    for (let i = 0; i < 60; i++) {
      await storage.append(`s-${i % 7}`, 'any', [event(types[(i * 5) % 4]), event(types[(i * 3) % 4])]);
    }
    // Records hidden from $all that have a named type: left out by both, and not counted as found.
    await storage.append('$persistentsubscription-$all::g-parked', 'any', [event('Alpha'), event('Alpha')]);
    await storage.append('s-last', 'any', [event('Alpha')]);
    const named = { on: 'eventType' as const, regex: /^(Alpha|Alpha-2)$/ };
    // The same set, written so that it is not read as a list of names: scanned record by record.
    const scannedOneByOne = { on: 'eventType' as const, regex: /^(?:Alpha|Alpha-2)(?=$)/ };
    const summary = (read: ReturnType<EventStorage['readAll']>) => ({
      ids: read.events.map((e) => e.id),
      lastScanned: read.lastScanned,
      scanned: read.scanned,
      reachedEnd: read.reachedEnd,
    });
    const head = storage.readAll({ direction: 'backwards', from: 'end', maxCount: 1 }).events[0]!.position;
    let compared = 0;
    for (const direction of ['forwards', 'backwards'] as const) {
      for (const from of ['start', 'end', 0, 1, 17, 64, head, head + 1] as const) {
        for (const maxCount of [1, 2, 5, 1000]) {
          for (const maxScan of [1, 3, 7, 4096]) {
            const options = { direction, from, maxCount, maxScan };
            const fast = storage.readAll({ ...options, filter: named });
            expect({ options, ...summary(fast) }).toEqual({
              options,
              ...summary(storage.readAll({ ...options, filter: scannedOneByOne })),
            });
            compared += fast.events.length;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('holds its database file alone while open: another connection cannot read it until it closes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'heed-storage-'));
    try {
      const storage = new EventStorage({ dataDir });
      await storage.append('owned-1', 'any', [event()]);
      const other = new Database(join(dataDir, 'events.db'), { timeout: 0 });
      const count = () => other.prepare<[], { n: number }>('SELECT count(*) AS n FROM events').get()?.n;
      expect(count).toThrow(/locked/);
      storage.close();
      expect(count()).toBeGreaterThan(0);
      other.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('keeps appends idempotent in a database written with the former global event-id index', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'heed-storage-'));
    try {
      const original = event();
      const before = new EventStorage({ dataDir });
      const first = await before.append('invoice-1', 'any', [original, event()]);
      before.close();
      const file = new Database(join(dataDir, 'events.db'));
      file.exec(
        'DROP INDEX events_by_stream_and_id; CREATE INDEX events_by_id ON events (event_id) WHERE event_id IS NOT NULL',
      );
      file.close();

      const after = new EventStorage({ dataDir });
      const again = await after.append('invoice-1', 'any', [original]);
      after.close();
      const reopened = new Database(join(dataDir, 'events.db'));
      const indexes = reopened
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'")
        .all()
        .map((row) => row.name);
      reopened.close();

      expect(again).toEqual({ revision: 0, position: first.position - 3 });
      expect(indexes).toContain('events_by_stream_and_id');
      expect(indexes).not.toContain('events_by_id');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
