import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { callPayloadHash, payloadHash } from './payload-hash';

/**
 * The canonical JSON the stored hashes were made with (up to 2026-12): a retry must hash as its
 * first attempt did, whichever version of ingest stored it, so the output may never change.
 */
function referenceCanonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(referenceCanonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${referenceCanonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
const referenceHash = (value: unknown): string =>
  createHash('sha256').update(referenceCanonicalJson(value)).digest('base64url');

describe('the payload hash', () => {
  it('is the hash stored events were made with, for any JSON payload', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => expect(payloadHash(value)).toBe(referenceHash(value))),
      { numRuns: 2000 },
    );
  });

  it('leaves undefined members out and sorts keys', () => {
    const payload = { call: 'track', b: 1, a: { d: undefined, c: [1, 'x', null] }, userId: undefined };
    expect(payloadHash(payload)).toBe(referenceHash(payload));
    expect(payloadHash(payload)).toBe(payloadHash({ a: { c: [1, 'x', null] }, b: 1, call: 'track' }));
  });
});

describe("a call's payload hash", () => {
  it('is the payload hash of the call with its type and without the omitted field, for any call', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('track', 'identify', 'page'),
        fc.dictionary(fc.constantFrom('call', 'sentAt', 'userId', 'b', 'a', '10', '2', 'é', 'Z'), fc.jsonValue()),
        fc.boolean(),
        (type, fields, withUndefined) => {
          const call: Record<string, unknown> = { ...fields };
          if (withUndefined) call['messageId'] = undefined;
          const { sentAt: _sentAt, ...said } = call;
          expect(callPayloadHash(type, call, 'sentAt')).toBe(referenceHash({ call: type, ...said }));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads own fields of a class instance, as its spread does', () => {
    class Call {
      userId: string | undefined = 'ada';
      sentAt: string | undefined = '2026-12-07T00:00:00Z';
      event: string | undefined = undefined;
    }
    const { sentAt: _sentAt, ...said } = new Call();
    expect(callPayloadHash('track', new Call(), 'sentAt')).toBe(referenceHash({ call: 'track', ...said }));
  });
});
