import { CustomerQueryError } from '../customer-query.error';
import { encodeCursor, parseAfter, TIMELINE_START } from './timeline-cursor';

describe('a timeline’s after parameter', () => {
  it('reads a page’s next cursor back', () => {
    const cursor = { input: 12n, output: 40n };
    expect(parseAfter(encodeCursor(cursor))).toEqual({ kind: 'cursor', cursor });
  });

  it('reads an item’s position', () => {
    expect(parseAfter('in:3')).toEqual({ kind: 'input', revision: 3n });
    expect(parseAfter('out:0')).toEqual({ kind: 'output', revision: 0n });
  });

  it('starts at the beginning without one', () => {
    expect(parseAfter(undefined)).toEqual({ kind: 'cursor', cursor: TIMELINE_START });
  });

  it.each([['nonsense'], ['in:-1'], ['out:01'], [''], [['in:1', 'in:2']], [encodeCursor(TIMELINE_START) + 'x']])(
    'rejects %j with INVALID_CURSOR at after',
    (after) => {
      let error: unknown;
      try {
        parseAfter(after);
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(CustomerQueryError);
      expect(error).toMatchObject({ code: 'INVALID_CURSOR', path: 'after' });
    },
  );
});
