import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A configured write key as ingest holds it: its hash and a public id, never the key. */
interface HeldKey {
  readonly hash: Buffer;
  readonly id: string;
}

/**
 * The write keys a producer may present. Keys are compared as SHA-256 digests with
 * `timingSafeEqual`, so neither the length nor the content of a key leaks through timing; every
 * configured key is compared, whichever matches. The id (a digest prefix) is what gets stored and
 * logged, so that an event says which key sent it without revealing the key.
 */
export class WriteKeyRing {
  private readonly keys: readonly HeldKey[];

  constructor(keys: readonly string[]) {
    this.keys = keys.map((key) => {
      const hash = digest(key);
      return { hash, id: `wk_${hash.toString('hex').slice(0, 16)}` };
    });
  }

  /** The id of the matching key, or undefined when the candidate matches none. */
  idOf(candidate: string): string | undefined {
    const hash = digest(candidate);
    let found: string | undefined;
    for (const key of this.keys) {
      if (timingSafeEqual(key.hash, hash)) found = key.id;
    }
    return found;
  }

  get size(): number {
    return this.keys.length;
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** A fresh random write key, for development when none is configured. */
export function generateWriteKey(): string {
  return `heed_dev_${randomBytes(24).toString('base64url')}`;
}
