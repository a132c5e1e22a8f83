/**
 * The parts of a stream's metadata (the last `$metadata` event of `$$<stream>`) that the store
 * honours on read. Other keys (ACLs, custom keys) are kept verbatim but not interpreted.
 */
export interface StreamMetadata {
  /** `$maxCount`: only the last n events are readable. */
  readonly maxCount?: number;
  /** `$maxAge`: only events younger than this many seconds are readable. */
  readonly maxAge?: number;
  /** `$tb` (truncate before): events below this revision are not readable. */
  readonly truncateBefore?: number;
}

/**
 * `$tb` of a soft-deleted stream. EventStoreDB writes 2^63-1; any value past the safe-integer
 * range reads back as "soft-deleted" here, since JSON numbers that large lose precision in JS.
 */
export const SOFT_DELETED_TRUNCATE_BEFORE = '9223372036854775807';

/** The metadata stream of a stream: `$$<stream>`. */
export function metastreamOf(streamName: string): string {
  return `$$${streamName}`;
}

/** The stream a metadata stream describes, or `undefined` when `name` is not a metadata stream. */
export function streamOfMetastream(name: string): string | undefined {
  return name.startsWith('$$') ? name.slice(2) : undefined;
}

/** Parses a `$metadata` event's data; malformed metadata honours nothing, as in EventStoreDB. */
export function parseStreamMetadata(data: Uint8Array): StreamMetadata {
  const raw = parseObject(data);
  if (raw === undefined) return {};
  return {
    maxCount: positiveInteger(raw['$maxCount']),
    maxAge: positiveInteger(raw['$maxAge']),
    truncateBefore: nonNegative(raw['$tb']),
  };
}

/** Whether metadata marks its stream as soft-deleted (`$tb` = 2^63-1). */
export function isSoftDeleted(metadata: StreamMetadata): boolean {
  return metadata.truncateBefore !== undefined && metadata.truncateBefore > Number.MAX_SAFE_INTEGER;
}

/**
 * Metadata data with `$tb` replaced, keeping every other key of `previous`: what a soft delete
 * (`$tb` = 2^63-1) and the re-creation of a soft-deleted stream (`$tb` = first new revision) write.
 */
export function withTruncateBefore(previous: Uint8Array | undefined, truncateBefore: number | 'deleted'): Buffer {
  const { $tb: _dropped, ...rest } = (previous && parseObject(previous)) ?? {};
  const tb = truncateBefore === 'deleted' ? SOFT_DELETED_TRUNCATE_BEFORE : String(truncateBefore);
  const others = JSON.stringify(rest);
  const body = others === '{}' ? `{"$tb":${tb}}` : `{"$tb":${tb},${others.slice(1)}`;
  return Buffer.from(body, 'utf8');
}

function parseObject(data: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

function nonNegative(value: unknown): number | undefined {
  return typeof value === 'number' && value >= 0 && Number.isFinite(value) ? Math.floor(value) : undefined;
}
