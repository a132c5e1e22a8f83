import { deterministicUuid } from './deterministic-id';

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
});
