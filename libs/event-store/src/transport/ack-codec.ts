import { fieldSize, LENGTH, Out } from '@heed/wire';

/** What an acknowledgement reads of an event: the id of its link, else of its event. */
export type Acknowledged = Readonly<{ link?: Readonly<{ id: string }>; event?: Readonly<{ id: string }> }>;

/**
 * The bytes of the persistent subscription request that acknowledges events (`persistent.proto`:
 * `ReadReq` with `ack` 2, its `ids` 2 as `UUID`s in string form), written directly (ADR 0083):
 * byte for byte what the client's `PersistentSubscriptionImpl.ack` sends, with its error for an
 * event without an id (`ack-codec.spec.ts`).
 */
export function encodeAck(events: readonly Acknowledged[]): Buffer {
  const ids: string[] = [];
  const lengths: number[] = [];
  let ackSize = 0;
  for (const event of events) {
    const id = event.link?.id ?? event.event?.id;
    if (!id) throw new Error('Attempted to ack an event with no id');
    const length = Buffer.byteLength(id);
    ids.push(id);
    lengths.push(length);
    ackSize += fieldSize(fieldSize(length));
  }
  const out = new Out(fieldSize(ackSize));
  out.tag(2, LENGTH).varint(ackSize);
  for (let i = 0; i < ids.length; i++) {
    out.tag(2, LENGTH).varint(fieldSize(lengths[i]!)).text(2, ids[i]!, lengths[i]!);
  }
  return out.done();
}
