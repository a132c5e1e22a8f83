import { SignatureError, signPayload, verifyHeedSignature } from './webhook-signature';

const body = JSON.stringify({ id: 'e1', type: 'CardFreezeRequested', customerId: 'c-1' });
const t = 1_780_000_000;
const now = t * 1000 + 10_000;

const refusal = (attempt: () => unknown): string => {
  try {
    attempt();
  } catch (error) {
    if (error instanceof SignatureError) return error.code;
    throw error;
  }
  throw new Error('expected a SignatureError');
};

describe('Heed webhook signatures', () => {
  it('accepts a body signed with the receiver secret, returning the signed time', () => {
    const header = signPayload(body, ['whsec-current'], t);
    expect(header).toMatch(/^t=1780000000,v1=[0-9a-f]{64}$/);
    expect(verifyHeedSignature({ header, body, secrets: ['whsec-current'], now })).toBe(t);
  });

  it('accepts during a rotation whichever secret the receiver or the sender still has', () => {
    const bothSigned = signPayload(body, ['whsec-new', 'whsec-old'], t);
    expect(verifyHeedSignature({ header: bothSigned, body, secrets: ['whsec-old'], now })).toBe(t);
    const newOnly = signPayload(body, ['whsec-new'], t);
    expect(verifyHeedSignature({ header: newOnly, body, secrets: ['whsec-old', 'whsec-new'], now })).toBe(t);
  });

  it('rejects a wrong secret', () => {
    const header = signPayload(body, ['whsec-attacker'], t);
    expect(refusal(() => verifyHeedSignature({ header, body, secrets: ['whsec-current'], now }))).toBe(
      'SIGNATURE_MISMATCH',
    );
  });

  it('rejects a tampered body', () => {
    const header = signPayload(body, ['whsec-current'], t);
    const tampered = body.replace('c-1', 'c-2');
    expect(refusal(() => verifyHeedSignature({ header, body: tampered, secrets: ['whsec-current'], now }))).toBe(
      'SIGNATURE_MISMATCH',
    );
  });

  it('rejects a replayed request whose timestamp is older than the tolerance, and one from the future', () => {
    const header = signPayload(body, ['whsec-current'], t);
    const late = (t + 301) * 1000;
    expect(refusal(() => verifyHeedSignature({ header, body, secrets: ['whsec-current'], now: late }))).toBe(
      'SIGNATURE_TIMESTAMP_OUT_OF_TOLERANCE',
    );
    expect(
      refusal(() => verifyHeedSignature({ header, body, secrets: ['whsec-current'], now: late, toleranceSeconds: 60 })),
    ).toBe('SIGNATURE_TIMESTAMP_OUT_OF_TOLERANCE');
    expect(
      refusal(() => verifyHeedSignature({ header, body, secrets: ['whsec-current'], now: (t - 400) * 1000 })),
    ).toBe('SIGNATURE_TIMESTAMP_OUT_OF_TOLERANCE');
  });

  it('rejects a timestamp changed after signing (it is part of what is signed)', () => {
    const header = signPayload(body, ['whsec-current'], t).replace(`t=${t}`, `t=${t + 5}`);
    expect(refusal(() => verifyHeedSignature({ header, body, secrets: ['whsec-current'], now }))).toBe(
      'SIGNATURE_MISMATCH',
    );
  });

  it('rejects a missing or malformed header', () => {
    expect(refusal(() => verifyHeedSignature({ header: undefined, body, secrets: ['s'], now }))).toBe(
      'SIGNATURE_MISSING',
    );
    expect(refusal(() => verifyHeedSignature({ header: 'v1=abc', body, secrets: ['s'], now }))).toBe(
      'SIGNATURE_MALFORMED',
    );
  });
});
