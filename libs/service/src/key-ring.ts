import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

interface HeldKey {
  readonly hash: Buffer;
  readonly id: string;
}

const digest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

/**
 * Secret keys that callers present (write keys, API keys). Keys are held and compared as SHA-256
 * digests with `timingSafeEqual`, against every configured key whichever matches, so neither length
 * nor content leaks through timing. A key is known by its id (a digest prefix), which is what may
 * be stored or logged; the key itself never is.
 */
export class KeyRing {
  private readonly keys: readonly HeldKey[];

  constructor(
    keys: readonly string[],
    private readonly idPrefix = 'key',
  ) {
    this.keys = keys.map((key) => {
      const hash = digest(key);
      return { hash, id: `${idPrefix}_${hash.toString('hex').slice(0, 16)}` };
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

  /** A fresh random key, for development when none is configured. */
  static generate(prefix: string): string {
    return `${prefix}_${randomBytes(24).toString('base64url')}`;
  }
}

/** The token of an `Authorization: Bearer <token>` header, if that is what it holds. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}
