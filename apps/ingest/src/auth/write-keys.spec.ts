import { writeKeyEntry, WriteKeys } from './write-keys';

describe('write keys and their sources', () => {
  it('reads an entry with a source name, and a bare key', () => {
    expect(writeKeyEntry('web:key-0123456789abcdef')).toEqual({ source: 'web', key: 'key-0123456789abcdef' });
    expect(writeKeyEntry('key-0123456789abcdef')).toEqual({ key: 'key-0123456789abcdef' });
    // What comes before the first ":" is a source only when it reads as a source name.
    expect(writeKeyEntry('Web:key-0123456789abcdef')).toEqual({ key: 'Web:key-0123456789abcdef' });
    expect(writeKeyEntry('web:key:with:colons-0123')).toEqual({ source: 'web', key: 'key:with:colons-0123' });
  });

  it('gives the keys of one source the same source id, and each key its own key id', () => {
    const keys = new WriteKeys(['web:old-web-key-0123456789', 'web:new-web-key-0123456789', 'app:app-key-0123456789']);
    const old = keys.identify('old-web-key-0123456789');
    const rotated = keys.identify('new-web-key-0123456789');
    const app = keys.identify('app-key-0123456789');
    expect(old?.sourceId).toBe('src_web');
    expect(rotated?.sourceId).toBe('src_web');
    expect(app?.sourceId).toBe('src_app');
    expect(old?.writeKeyId).toMatch(/^wk_[0-9a-f]{16}$/);
    expect(rotated?.writeKeyId).not.toBe(old?.writeKeyId);
  });

  it('makes a key without a source name a source of its own, known by the key id', () => {
    const keys = new WriteKeys(['first-key-0123456789', 'second-key-0123456789']);
    const first = keys.identify('first-key-0123456789')!;
    const second = keys.identify('second-key-0123456789')!;
    expect(first.sourceId).toBe(first.writeKeyId);
    expect(second.sourceId).toBe(second.writeKeyId);
    expect(first.sourceId).not.toBe(second.sourceId);
  });

  it('knows no one else, and never by the source name alone', () => {
    const keys = new WriteKeys(['web:old-web-key-0123456789']);
    expect(keys.identify('web:old-web-key-0123456789')).toBeUndefined();
    expect(keys.identify('web')).toBeUndefined();
    expect(keys.identify('other-key-0123456789')).toBeUndefined();
    expect(keys.size).toBe(1);
  });
});
