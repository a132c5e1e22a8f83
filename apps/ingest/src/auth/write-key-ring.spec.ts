import { presentedWriteKey } from './credentials';
import { generateWriteKey, WriteKeyRing } from './write-key-ring';

const basic = (user: string, password = ''): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('write keys', () => {
  const ring = new WriteKeyRing(['key-one-0123456789', 'key-two-0123456789']);

  it('recognises each configured key and names it by a stable id that is not the key', () => {
    const one = ring.idOf('key-one-0123456789');
    const two = ring.idOf('key-two-0123456789');
    expect(one).toMatch(/^wk_[0-9a-f]{16}$/);
    expect(two).toMatch(/^wk_[0-9a-f]{16}$/);
    expect(one).not.toBe(two);
    expect(one).not.toContain('key-one');
    expect(new WriteKeyRing(['key-one-0123456789']).idOf('key-one-0123456789')).toBe(one);
  });

  it.each(['', 'key-one', 'key-one-0123456789 ', 'KEY-ONE-0123456789'])('refuses the key %j', (key) => {
    expect(ring.idOf(key)).toBeUndefined();
  });

  it('refuses everything when no key is configured', () => {
    expect(new WriteKeyRing([]).idOf('anything')).toBeUndefined();
  });

  it('generates distinct development keys', () => {
    expect(generateWriteKey()).not.toBe(generateWriteKey());
    expect(generateWriteKey()).toMatch(/^heed_dev_[A-Za-z0-9_-]{32}$/);
  });
});

describe('presented write key', () => {
  it('reads HTTP Basic with the key as user name, as Segment SDKs send it', () => {
    expect(presentedWriteKey(basic('abc'), {})).toBe('abc');
    expect(presentedWriteKey(basic('abc', 'ignored'), {})).toBe('abc');
  });

  it('reads a bearer token', () => {
    expect(presentedWriteKey('Bearer abc', {})).toBe('abc');
    expect(presentedWriteKey('bearer   abc ', {})).toBe('abc');
  });

  it('falls back to a writeKey field in the body when there is no Authorization header', () => {
    expect(presentedWriteKey(undefined, { writeKey: 'abc' })).toBe('abc');
    expect(presentedWriteKey(basic('hdr'), { writeKey: 'abc' })).toBe('hdr');
  });

  it.each([['Basic'], ['Digest abc'], [basic('')], ['Bearer  ']])('finds no key in %j', (header) => {
    expect(presentedWriteKey(header, {})).toBeUndefined();
  });

  it.each([[undefined], [null], [[]], [{ writeKey: 42 }], ['text']])('finds no key in the body %j', (body) => {
    expect(presentedWriteKey(undefined, body)).toBeUndefined();
  });
});
