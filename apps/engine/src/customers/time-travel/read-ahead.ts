import type { EventStoreDBClient, RecordedEvent, ResolvedEvent } from '@eventstore/db-client';
import { readPage } from '@heed/actors';

/**
 * The events of a stream from revision `from` up to `to` (inclusive), in pages, the next page
 * already being read while the caller works on the current one: a long fold then costs about the
 * longer of reading and folding, not their sum.
 */
export async function* readAhead(
  client: EventStoreDBClient,
  stream: string,
  from: bigint,
  to: bigint,
  pageSize: number,
): AsyncGenerator<RecordedEvent> {
  const size = BigInt(pageSize);
  const read = (start: bigint): Promise<ResolvedEvent[]> => {
    if (start > to) return Promise.resolve([]);
    const page = readPage(client, stream, start, min(size, to - start + 1n));
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

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
