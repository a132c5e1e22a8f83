import { validateSync, type ValidationError } from 'class-validator';
import { IngestError, type Problem } from '../errors/ingest-error';
import {
  AliasCall,
  CALL_TYPES,
  GroupCall,
  IdentifyCall,
  PageCall,
  ScreenCall,
  type SegmentCall,
  TrackCall,
} from './segment-call.dto';
import { compileEnvelopeCheck, type EnvelopeCheck } from './envelope-check';
import { newMessageId } from './message-id';

/** The Segment calls Heed stores: all of Segment's tracking API. */
export type CallType = (typeof CALL_TYPES)[number];

/** A call whose envelope is valid. Its `messageId` is always set: the producer's, or a generated one. */
export type ValidCall = (
  | { readonly type: 'track'; readonly call: TrackCall }
  | { readonly type: 'identify'; readonly call: IdentifyCall }
  | { readonly type: 'page'; readonly call: PageCall }
  | { readonly type: 'screen'; readonly call: ScreenCall }
  | { readonly type: 'group'; readonly call: GroupCall }
  | { readonly type: 'alias'; readonly call: AliasCall }
) & {
  readonly messageId: string;
  /** Set when the call came without a `messageId` and ingest generated one (it cannot be deduplicated). */
  readonly messageIdGenerated?: true;
};

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
  screen: [...COMMON, 'name', 'category', 'properties'],
  group: [...COMMON, 'groupId', 'traits'],
  alias: [...COMMON, 'previousId'],
};
const CLASSES = {
  track: TrackCall,
  identify: IdentifyCall,
  page: PageCall,
  screen: ScreenCall,
  group: GroupCall,
  alias: AliasCall,
} as const;
const VALIDATOR_OPTIONS = { forbidUnknownValues: true, stopAtFirstError: true };

/** Per call type, class-validator's verdict on a valid call without its per-call metadata lookup (`compileEnvelopeCheck`). */
const ACCEPTS: Readonly<Record<CallType, EnvelopeCheck | undefined>> = {
  track: compileEnvelopeCheck(TrackCall),
  identify: compileEnvelopeCheck(IdentifyCall),
  page: compileEnvelopeCheck(PageCall),
  screen: compileEnvelopeCheck(ScreenCall),
  group: compileEnvelopeCheck(GroupCall),
  alias: compileEnvelopeCheck(AliasCall),
};

/**
 * Reads a Segment call's envelope with class-validator (`compileEnvelopeCheck` for a valid one). Only the fields Heed knows are copied
 * onto the DTO (never the whole body), so unknown fields are ignored as Segment ignores them; a
 * field set to `null` counts as absent. A call without `messageId` gets a generated one
 * (`newMessageId`), as the Segment API does.
 *
 * @param at the JSON path of the call in the request, for error messages (`body`, `batch[3]`).
 * @throws IngestError `INVALID_EVENT` listing every field at fault.
 */
export function readCall(type: CallType, raw: Readonly<Record<string, unknown>>, at: string): ValidCall {
  const call: SegmentCall = new CLASSES[type]();
  for (const field of FIELDS[type]) {
    // null is absent, as Segment reads it: analytics.js sends `userId: null` before identify.
    if (Object.hasOwn(raw, field) && raw[field] != null)
      (call as unknown as Record<string, unknown>)[field] = raw[field];
  }
  // A call the decorators accept skips validateSync; any other is judged by it, messages and all.
  const problems: Problem[] = ACCEPTS[type]?.(call) === true ? [] : flatten(validateSync(call, VALIDATOR_OPTIONS), at);
  // An alias names the customer the earlier id becomes: with only an anonymousId it says nothing.
  if (type === 'alias' && call.userId === undefined) {
    problems.push({ path: `${at}.userId`, message: 'expected the customer id that previousId is, got nothing' });
  }
  if (problems.length > 0) {
    throw new IngestError('INVALID_EVENT', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  }
  if (call.messageId === undefined) {
    call.messageId = newMessageId();
    return { type, call, messageId: call.messageId, messageIdGenerated: true } as ValidCall;
  }
  return { type, call, messageId: call.messageId } as ValidCall;
}

const KNOWN_TYPES: ReadonlySet<unknown> = new Set(CALL_TYPES);

/** The call type of a batch item. @throws IngestError `UNSUPPORTED_CALL_TYPE`. */
export function callTypeOf(raw: Readonly<Record<string, unknown>>, at: string): CallType {
  const type = raw['type'];
  if (KNOWN_TYPES.has(type)) return type as CallType;
  throw IngestError.at(
    'UNSUPPORTED_CALL_TYPE',
    `${at}.type`,
    `expected one of ${CALL_TYPES.map((t) => `"${t}"`).join(', ')}, got ${describe(type)}`,
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
