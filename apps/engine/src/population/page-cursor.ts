import { PopulationQueryError } from './population-errors';

/** Where a page of a state's customers ends: the last item's entry time and customer number. */
export interface PageCursor {
  readonly since: number;
  readonly customer: number;
}

/** The opaque `next` of a page. */
export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(`${cursor.since}.${cursor.customer}`).toString('base64url');
}

/**
 * Reads a `next` given back by a client.
 *
 * @throws PopulationQueryError `INVALID_CURSOR` for anything this read model did not write.
 */
export function decodeCursor(raw: string): PageCursor {
  const match = /^(-?\d{1,16})\.(\d{1,16})$/.exec(Buffer.from(raw, 'base64url').toString('latin1'));
  if (match === null || !/^[A-Za-z0-9_-]+$/.test(raw)) {
    throw new PopulationQueryError(
      'INVALID_CURSOR',
      'cursor',
      `expected the \`next\` of a previous page, got ${JSON.stringify(raw.slice(0, 80))}`,
    );
  }
  return { since: Number(match[1]), customer: Number(match[2]) };
}
