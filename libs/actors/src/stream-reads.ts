import {
  BACKWARDS,
  END,
  FORWARDS,
  StreamNotFoundError,
  type EventStoreDBClient,
  type ResolvedEvent,
} from '@eventstore/db-client';

/** The last event of a stream, or undefined when the stream does not exist. */
export async function readLastEvent(client: EventStoreDBClient, stream: string): Promise<ResolvedEvent | undefined> {
  let last: ResolvedEvent | undefined;
  try {
    // Read to the end of the call (one event at most) rather than leaving the loop early: an
    // abandoned read is a cancelled call, which the client may keep open until it is disposed.
    for await (const event of client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
      last = event;
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return last;
}

/** Up to `maxCount` events of a stream from revision `from`, forwards; none when it does not exist. */
export async function readPage(
  client: EventStoreDBClient,
  stream: string,
  from: bigint,
  maxCount: number | bigint,
  resolveLinkTos = false,
): Promise<ResolvedEvent[]> {
  const events: ResolvedEvent[] = [];
  try {
    for await (const event of client.readStream(stream, {
      direction: FORWARDS,
      fromRevision: from,
      maxCount,
      resolveLinkTos,
    })) {
      events.push(event);
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return events;
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
    const page: ResolvedEvent[] = [];
    try {
      for await (const event of client.readStream(stream, {
        direction: BACKWARDS,
        fromRevision: from,
        maxCount: pageSize,
      })) {
        page.push(event);
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    for (const { event } of page) if (event !== undefined) yield event;
    const oldest = page.at(-1)?.event?.revision;
    if (page.length < pageSize || oldest === undefined || oldest === 0n) return;
    from = oldest - 1n;
  }
}
