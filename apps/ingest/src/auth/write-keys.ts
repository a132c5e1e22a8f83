/** Injection token of ingest's write keys (a `KeyRing` from `@heed/service`). */
export const WRITE_KEYS = Symbol('WRITE_KEYS');

/** Write keys are known by `wk_<digest prefix>` in stored metadata and logs, never by the key. */
export const WRITE_KEY_ID_PREFIX = 'wk';
