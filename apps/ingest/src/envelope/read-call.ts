import { validateSync, type ValidationError } from 'class-validator';
import { IngestError, type Problem } from '../errors/ingest-error';
import { IdentifyCall, PageCall, type SegmentCall, TrackCall } from './segment-call.dto';

/** The three Segment calls Heed stores. */
export type CallType = 'track' | 'identify' | 'page';

/** A call whose envelope is valid. */
export type ValidCall =
  | { readonly type: 'track'; readonly call: TrackCall }
  | { readonly type: 'identify'; readonly call: IdentifyCall }
  | { readonly type: 'page'; readonly call: PageCall };

const COMMON = [
  'messageId',
  'userId',
  'anonymousId',
  'timestamp',
  'originalTimestamp',
  'sentAt',
  'context',
  'integrations',
];
const FIELDS: Readonly<Record<CallType, readonly string[]>> = {
  track: [...COMMON, 'event', 'properties'],
  identify: [...COMMON, 'traits'],
  page: [...COMMON, 'name', 'properties'],
};
const CLASSES = { track: TrackCall, identify: IdentifyCall, page: PageCall } as const;

/**
 * Reads a Segment call's envelope with class-validator. Only the fields Heed knows are copied
 * onto the DTO (never the whole body), so unknown fields are ignored as Segment ignores them.
 *
 * @param at the JSON path of the call in the request, for error messages (`body`, `batch[3]`).
 * @throws IngestError `INVALID_EVENT` listing every field at fault.
 */
export function readCall(type: CallType, raw: Readonly<Record<string, unknown>>, at: string): ValidCall {
  const call: SegmentCall = new CLASSES[type]();
  for (const field of FIELDS[type]) {
    if (Object.hasOwn(raw, field) && raw[field] !== undefined)
      (call as unknown as Record<string, unknown>)[field] = raw[field];
  }
  const errors = validateSync(call, { forbidUnknownValues: true, stopAtFirstError: true });
  if (errors.length > 0) {
    const problems = flatten(errors, at);
    throw new IngestError('INVALID_EVENT', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  }
  return { type, call } as ValidCall;
}

/** The call type of a batch item. @throws IngestError `UNSUPPORTED_CALL_TYPE`. */
export function callTypeOf(raw: Readonly<Record<string, unknown>>, at: string): CallType {
  const type = raw['type'];
  if (type === 'track' || type === 'identify' || type === 'page') return type;
  throw IngestError.at(
    'UNSUPPORTED_CALL_TYPE',
    `${at}.type`,
    `expected "track", "identify" or "page", got ${describe(type)}`,
  );
}

function flatten(errors: readonly ValidationError[], at: string): Problem[] {
  return errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((expected) => ({
      path: `${at}.${e.property}`,
      message: `${expected}, got ${describe(e.value)}`,
    })),
  );
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? `${value.slice(0, 61)}...` : value);
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : `a ${typeof value}`;
}
