/**
 * FNV-1a (32 bit) over the UTF-8 bytes of a key: cheap, stable across restarts and platforms, and
 * spread well enough to share streams between consumers.
 */
export const streamHash = (key: string): number => {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
};
