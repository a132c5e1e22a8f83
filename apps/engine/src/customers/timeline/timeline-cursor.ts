import { CustomerQueryError, quoted } from '../customer-query.error';

/** Where a page of a timeline starts: the next input and the next output to show, by revision. */
export interface TimelineCursor {
  readonly input: bigint;
  readonly output: bigint;
}

/** The start of every timeline. */
export const TIMELINE_START: TimelineCursor = { input: 0n, output: 0n };

/**
 * What `after` names: a cursor from a page's `next`, or the `position` of an item (`in:<revision>`
 * or `out:<revision>`), whose cursor is found in the streams.
 */
export type TimelineAfter =
  | { readonly kind: 'cursor'; readonly cursor: TimelineCursor }
  | { readonly kind: 'input' | 'output'; readonly revision: bigint };

const POSITION = /^(in|out):(0|[1-9]\d{0,18})$/;
const CURSOR = /^(0|[1-9]\d{0,18})\.(0|[1-9]\d{0,18})$/;

/** The position of an item: `in:<revision>` for an input, `out:<revision>` for an output. */
export const positionOf = (side: 'input' | 'output', revision: bigint): string =>
  `${side === 'input' ? 'in' : 'out'}:${revision}`;

/**
 * A page's `next`. Opaque to clients (base64url): it holds both streams' revisions, so the next
 * page reads forward from them without searching.
 */
export const encodeCursor = (cursor: TimelineCursor): string =>
  Buffer.from(`${cursor.input}.${cursor.output}`).toString('base64url');

/** Reads `after`: nothing (the start), a position, or a cursor given as a page's `next`. */
export function parseAfter(after: unknown): TimelineAfter {
  if (after === undefined) return { kind: 'cursor', cursor: TIMELINE_START };
  if (typeof after === 'string') {
    const position = POSITION.exec(after);
    if (position !== null) return { kind: position[1] === 'in' ? 'input' : 'output', revision: BigInt(position[2]!) };
    const cursor = CURSOR.exec(Buffer.from(after, 'base64url').toString());
    if (cursor !== null && encodeCursor(toCursor(cursor)) === after)
      return { kind: 'cursor', cursor: toCursor(cursor) };
  }
  throw new CustomerQueryError(
    'INVALID_CURSOR',
    `after: expected a page's next cursor or an item's position (in:<revision> or out:<revision>), got ${quoted(after)}`,
    'after',
  );
}

const toCursor = (match: RegExpExecArray): TimelineCursor => ({ input: BigInt(match[1]!), output: BigInt(match[2]!) });
