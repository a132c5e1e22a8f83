import { KeyRing } from '@heed/service';

/** Injection token of ingest's write keys (a `WriteKeys`). */
export const WRITE_KEYS = Symbol('WRITE_KEYS');

/** Write keys are known by `wk_<digest prefix>` in stored metadata and logs, never by the key. */
export const WRITE_KEY_ID_PREFIX = 'wk';

/** Prefix of the id of a named source (`src_<name>`). */
export const SOURCE_ID_PREFIX = 'src';

/** A source name, as written before the key in `HEED_WRITE_KEYS` (`web:<key>`). */
export const SOURCE_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** The source of the development write key `npm start` generates (docs/adr/0060). */
export const DEVELOPMENT_SOURCE = 'development';

/** One entry of `HEED_WRITE_KEYS`: a key, and the source it belongs to when one is named. */
export interface WriteKeyEntry {
  readonly source?: string;
  readonly key: string;
}

/**
 * Reads an entry of `HEED_WRITE_KEYS`: `<source>:<key>` names the key's source, a bare `<key>` is
 * a source of its own. When the part before the first `:` is a source name (`SOURCE_NAME_PATTERN`)
 * it is read as one, so a key that itself contains `:` is written with its source.
 */
export function writeKeyEntry(entry: string): WriteKeyEntry {
  const at = entry.indexOf(':');
  const source = at < 0 ? undefined : entry.slice(0, at);
  if (source === undefined || !SOURCE_NAME_PATTERN.test(source)) return { key: entry };
  return { source, key: entry.slice(at + 1) };
}

/** Who sent a request: the key's id, and the source whose messages it deduplicates against. */
export interface WriteKeyIdentity {
  readonly writeKeyId: string;
  /** The scope of deduplication: `src_<name>` for a named source, else the key's own id. */
  readonly sourceId: string;
}

/**
 * Ingest's write keys, grouped into sources. A source is one producer (the web app, the backend):
 * its keys are rotated without changing the source, so a message retried under the new key is the
 * same message (docs/adr/0060-dedupe-per-source-across-key-rotation.md). A key configured without a
 * source name is a source of its own, whose id is the key's id: what deduplication was scoped to
 * before sources existed, so stored event ids keep their meaning.
 */
export class WriteKeys {
  private readonly ring: KeyRing;
  private readonly sources = new Map<string, string>();

  constructor(entries: readonly string[]) {
    const parsed = entries.map(writeKeyEntry);
    this.ring = new KeyRing(
      parsed.map((e) => e.key),
      WRITE_KEY_ID_PREFIX,
    );
    for (const { key, source } of parsed) {
      const writeKeyId = this.ring.idOf(key)!;
      this.sources.set(writeKeyId, source === undefined ? writeKeyId : `${SOURCE_ID_PREFIX}_${source}`);
    }
  }

  /** Who presents `candidate`, or undefined when it is none of the configured keys. */
  identify(candidate: string): WriteKeyIdentity | undefined {
    const writeKeyId = this.ring.idOf(candidate);
    if (writeKeyId === undefined) return undefined;
    return { writeKeyId, sourceId: this.sources.get(writeKeyId)! };
  }

  get size(): number {
    return this.ring.size;
  }
}
