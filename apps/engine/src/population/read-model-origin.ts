import {
  BACKWARDS,
  END,
  FORWARDS,
  type EventStoreDBClient,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';

/**
 * What identifies the history a read model was built from: `<commit>/<prepare>:<event id>` of
 * the first event it projected (its `$all` position and id). A file kept across a store that was
 * wiped or replaced (a new data directory, a benchmark's fresh store) does not find it again and
 * is rebuilt, instead of resuming from a checkpoint that belongs to another history.
 */
export function originOf(resolved: ResolvedEvent): string | undefined {
  const event = resolved.event;
  if (event?.position === undefined) return undefined;
  return `${event.position.commit}/${event.position.prepare}:${event.id}`;
}

/** Whether the store holds the history a read model with this origin and checkpoint was built from. */
export async function isSameOrigin(client: EventStoreDBClient, origin: string, checkpoint: Position): Promise<boolean> {
  const parsed = /^(\d+)\/(\d+):(.+)$/.exec(origin);
  if (parsed === null) return false;
  const position = { commit: BigInt(parsed[1]!), prepare: BigInt(parsed[2]!) };
  const first = await firstOf(client.readAll({ fromPosition: position, direction: FORWARDS, maxCount: 1 }));
  const event = first?.event;
  if (event === undefined || event.id !== parsed[3] || event.position?.commit !== position.commit) return false;
  // A checkpoint past the log's end was written by another history too.
  const last = await firstOf(client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }));
  return last?.event?.position !== undefined && last.event.position.commit >= checkpoint.commit;
}

/** The first event of a read of one event, the read consumed to its end (so the client can close). */
async function firstOf(read: AsyncIterable<ResolvedEvent>): Promise<ResolvedEvent | undefined> {
  let first: ResolvedEvent | undefined;
  for await (const resolved of read) first ??= resolved;
  return first;
}
