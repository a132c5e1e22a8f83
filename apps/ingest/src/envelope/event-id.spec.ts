import { eventIdOf } from './event-id';
import { payloadHash } from './payload-hash';

describe('event ids', () => {
  it('are the ids stored events were given: a retry must find its first attempt, whatever version of ingest stored it', () => {
    expect(eventIdOf('wk_1', 'msg-1')).toBe('448df90b-cb13-5cde-bc08-7c8cbadbd866');
    expect(eventIdOf('src-ü', 'm-🚀')).toBe('ac08549c-dfcd-52a4-969b-bcb7bbf28bc0');
  });

  it('derives the same UUID v5 from the same source and messageId', () => {
    const id = eventIdOf('wk_1', 'msg-1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(eventIdOf('wk_1', 'msg-1')).toBe(id);
  });

  it('derives different ids for another message or another source', () => {
    const id = eventIdOf('wk_1', 'msg-1');
    expect(eventIdOf('wk_1', 'msg-2')).not.toBe(id);
    expect(eventIdOf('wk_2', 'msg-1')).not.toBe(id);
    expect(eventIdOf('wk_1\nmsg', '1')).not.toBe(eventIdOf('wk_1', 'msg\n1'));
  });
});

describe('payload hash', () => {
  it('ignores key order, so a re-serialised retry is the same payload', () => {
    expect(payloadHash({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(payloadHash({ b: { d: 'x', c: [1, 2] }, a: 1 }));
  });

  it('tells different content apart', () => {
    expect(payloadHash({ a: 1 })).not.toBe(payloadHash({ a: 2 }));
    expect(payloadHash({ a: [1, 2] })).not.toBe(payloadHash({ a: [2, 1] }));
    expect(payloadHash({ a: '1' })).not.toBe(payloadHash({ a: 1 }));
  });
});
