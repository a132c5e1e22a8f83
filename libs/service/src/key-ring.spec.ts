import { bearerToken, KeyRing } from './key-ring';

describe('KeyRing', () => {
  const ring = new KeyRing(['first-key-0123456789', 'second-key-0123456789'], 'api');

  it('knows each configured key by a stable id that does not reveal it', () => {
    const id = ring.idOf('first-key-0123456789');
    expect(id).toMatch(/^api_[0-9a-f]{16}$/);
    expect(ring.idOf('second-key-0123456789')).not.toBe(id);
    expect(new KeyRing(['first-key-0123456789'], 'api').idOf('first-key-0123456789')).toBe(id);
  });

  it.each(['', 'first-key', 'first-key-0123456789 ', 'FIRST-KEY-0123456789'])('refuses %j', (key) => {
    expect(ring.idOf(key)).toBeUndefined();
  });

  it('refuses everything when no key is configured', () => {
    expect(new KeyRing([]).idOf('anything')).toBeUndefined();
  });

  it('generates distinct keys with the given prefix', () => {
    expect(KeyRing.generate('heed_dev')).toMatch(/^heed_dev_[A-Za-z0-9_-]{32}$/);
    expect(KeyRing.generate('x')).not.toBe(KeyRing.generate('x'));
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer   abc ', 'abc'],
    ['Basic abc', undefined],
    ['Bearer', undefined],
    [undefined, undefined],
  ])('reads %j as %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});
