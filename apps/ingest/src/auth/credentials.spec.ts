import { presentedWriteKey } from './credentials';

const basic = (user: string, password = ''): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

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
