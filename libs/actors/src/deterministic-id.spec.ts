import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { deterministicUuid, HEED_OUTPUT_NAMESPACE } from './deterministic-id';

/** RFC 9562's version 5 as written out in the RFC: SHA-1 of namespace and name, version and variant set. */
function referenceUuid(name: string, namespace: string): string {
  const digest = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe('deterministicUuid', () => {
  it('matches the RFC 9562 version 5 test vector', () => {
    // RFC 9562 appendix A.4: namespace DNS, name "www.example.com".
    expect(deterministicUuid('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it("gives outputs the ids Heed has always given them (a retried append must carry its first attempt's id)", () => {
    expect(deterministicUuid('event-1:0')).toBe('05083e17-a761-528f-8f82-24e602935401');
  });

  it('gives the same id for the same name and different ids for different names', () => {
    expect(deterministicUuid('event-1:0')).toBe(deterministicUuid('event-1:0'));
    expect(deterministicUuid('event-1:0')).not.toBe(deterministicUuid('event-1:1'));
  });

  it('is version 5 as the RFC writes it, for any name and namespace', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        fc.oneof(fc.constant(HEED_OUTPUT_NAMESPACE), fc.uuid()),
        (name, ns) => expect(deterministicUuid(name, ns)).toBe(referenceUuid(name, ns)),
      ),
      { numRuns: 2000 },
    );
  });
});
