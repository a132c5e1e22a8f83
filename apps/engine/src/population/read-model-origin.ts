import type { EventStoreDBClient, ResolvedEvent } from '@eventstore/db-client';
import { readLastEvent, readPage } from '@heed/actors';

/**
 * What identifies the stream a read model was built from: `<revision>:<link id>/<event id>` of
 * the first event it projected. A file kept across a store that was wiped or replaced (a new
 * data directory, a benchmark's fresh store) does not find it again and is rebuilt, instead of
 * resuming from a checkpoint that belongs to another history.
 */
export function originOf(resolved: ResolvedEvent): string | undefined {
  const link = resolved.link ?? resolved.event;
  if (link === undefined) return undefined;
  return `${link.revision}:${link.id}/${resolved.event?.id ?? ''}`;
}

/** Whether `stream` is the one a read model with this origin and checkpoint was built from. */
export async function isSameOrigin(
  client: EventStoreDBClient,
  stream: string,
  origin: string,
  checkpoint: bigint,
): Promise<boolean> {
  const revision = /^(\d+):/.exec(origin)?.[1];
  if (revision === undefined) return false;
  const [first] = await readPage(client, stream, BigInt(revision), 1, true);
  if (first === undefined || originOf(first) !== origin) return false;
  // A checkpoint past the stream's end was written by another history too.
  const last = await readLastEvent(client, stream);
  return last?.event !== undefined && last.event.revision >= checkpoint;
}
