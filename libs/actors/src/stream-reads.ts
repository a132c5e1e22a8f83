import {
  BACKWARDS,
  END,
  FORWARDS,
  StreamNotFoundError,
  type EventStoreDBClient,
  type RecordedEvent,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';

/**
 * Every event of a read, to its end (one call, never left open); none when the stream does not
 * exist. Taken from the read's events rather than with `for await`: Node's async iterator, done with
 * a read whose writable side is still open, destroys it with an `AbortError` and its stack trace, on
 * every read (about 0.6 % of the engine's CPU in `bench:engine`).
 */
function readToEnd(read: StreamingRead<ResolvedEvent>, stream: string): Promise<ResolvedEvent[]> {
  return new Promise((resolve, reject) => {
    const events: ResolvedEvent[] = [];
    read.on('data', (event: ResolvedEvent) => events.push(event));
    read.once('end', () => resolve(events));
    // Closed without its end or an error (as `for await` would say: a premature close).
    read.once('close', () => reject(new Error(`the read of ${stream} closed before its end`)));
    // Every error, not the first only: the call's status can follow "stream not found" as an
    // error of its own (the connection dropped in between), with no listener left it would throw.
    read.on('error', (error: unknown) => {
      read.destroy();
      if (error instanceof StreamNotFoundError) resolve([]);
      else reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
}

/** The last event of a stream, or undefined when the stream does not exist. */
export async function readLastEvent(client: EventStoreDBClient, stream: string): Promise<ResolvedEvent | undefined> {
  const events = await readToEnd(
    client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }),
    stream,
  );
  return events.at(-1);
}

/** Up to `maxCount` events of a stream from revision `from`, forwards; none when it does not exist. */
export async function readPage(
  client: EventStoreDBClient,
  stream: string,
  from: bigint,
  maxCount: number | bigint,
  resolveLinkTos = false,
): Promise<ResolvedEvent[]> {
  return readToEnd(
    client.readStream(stream, { direction: FORWARDS, fromRevision: from, maxCount, resolveLinkTos }),
    stream,
  );
}

/**
 * The events of a stream from its end backwards, read in pages of `pageSize` (each read to its
 * end, so a caller that stops early leaves no call open); none when the stream does not exist.
 */
export async function* readStreamBackwards(
  client: EventStoreDBClient,
  stream: string,
  pageSize = 20,
): AsyncGenerator<NonNullable<ResolvedEvent['event']>> {
  let from: bigint | typeof END = END;
  for (;;) {
    const page = await readToEnd(
      client.readStream(stream, { direction: BACKWARDS, fromRevision: from, maxCount: pageSize }),
      stream,
    );
    for (const { event } of page) if (event !== undefined) yield event;
    const oldest = page.at(-1)?.event?.revision;
    if (page.length < pageSize || oldest === undefined || oldest === 0n) return;
    from = oldest - 1n;
  }
}

/**
 * The events of a stream from revision `from` up to `to` (inclusive; to its end when undefined),
 * in pages, the next page already being read while the caller works on the current one: a long
 * fold then costs about the longer of reading and folding, not their sum (the store runs in its own
 * process, or on its own machine). None when the stream does not exist.
 */
export async function* readAhead(
  client: EventStoreDBClient,
  stream: string,
  from: bigint,
  to: bigint | undefined,
  pageSize: number,
): AsyncGenerator<RecordedEvent> {
  const size = BigInt(pageSize);
  const read = (start: bigint): Promise<ResolvedEvent[]> => {
    if (to !== undefined && start > to) return Promise.resolve([]);
    const page = readPage(client, stream, start, to === undefined || to - start + 1n > size ? size : to - start + 1n);
    // A caller that stops early leaves the page read ahead unawaited: its failure is not theirs.
    void page.catch(() => undefined);
    return page;
  };
  let page = read(from);
  for (;;) {
    const events = await page;
    const last = events.at(-1)?.event?.revision;
    if (last === undefined) return;
    // Requested before the current page is handed out, so the store works while the caller folds.
    page = events.length < size ? Promise.resolve([]) : read(last + 1n);
    for (const { event } of events) if (event !== undefined) yield event;
  }
}
