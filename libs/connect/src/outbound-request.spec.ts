import type {
  CardFreezeRequested,
  FlagAccountForSuccessTeamRequested,
  FraudVerificationSmsRequested,
} from '@heed/domain';
import type { Destination } from './destination';
import { outboundRequest, type StoredCommand } from './outbound-request';
import { verifyHeedSignature } from './webhook-signature';

const policy = {
  maxAttempts: 3,
  timeoutMs: 1000,
  concurrency: 1,
  ratePerSecond: undefined,
  backoffInitialMs: 1,
  backoffMaxMs: 10,
  breakerFailureThreshold: 5,
  breakerOpenMs: 1000,
};
const destination = (over: Partial<Destination>): Destination => ({
  name: 'd',
  kind: 'webhook',
  commands: [],
  url: 'https://receiver.example/heed',
  secrets: [],
  authorization: undefined,
  from: undefined,
  to: undefined,
  startFrom: 'end',
  policy,
  ...over,
});

const flagged: FlagAccountForSuccessTeamRequested = {
  type: 'FlagAccountForSuccessTeamRequested',
  version: 1,
  customerId: 'c-7',
  requestedAt: '2026-03-05T10:00:00.000Z',
  reasons: ['3 short sessions in a row'],
  data: {
    churnScore: 72,
    contributions: [],
    suggestedScript: 'Hi! Noticed you have been busy — can we help set up reports?',
  },
};
const sms: FraudVerificationSmsRequested = {
  type: 'FraudVerificationSmsRequested',
  version: 1,
  customerId: 'c-9',
  requestedAt: '2026-03-05T03:47:00.000Z',
  reasons: ['first transaction in BR (before only DE)'],
  data: { cardId: 'card-1', transactionId: 'tx-4', amount: 129_900, currency: 'EUR', merchant: 'Loja' },
};
const freeze: CardFreezeRequested = {
  type: 'CardFreezeRequested',
  version: 1,
  customerId: 'c-9',
  requestedAt: '2026-03-05T03:47:00.000Z',
  reasons: ['first transaction in BR (before only DE)', 'amount 12× usual'],
  data: { cardId: 'card-1', transactionId: 'tx-4', fraudScore: 90, contributions: [] },
};
const stored = (command: StoredCommand['command']): StoredCommand => ({
  id: '5f0c0a3e-8a1c-4a57-9d5b-1c9a1b2c3d4e',
  stream: `lifecycle-${command.customerId}`,
  revision: 3n,
  command,
});
const now = Date.parse('2026-03-05T10:00:01Z');

describe('outbound requests', () => {
  it('signs a webhook body verifiably and keys it by the command event id', () => {
    const request = outboundRequest(destination({ secrets: ['whsec-0123456789abcdef'] }), stored(freeze), now);
    expect(request.url).toBe('https://receiver.example/heed');
    expect(request.headers['Idempotency-Key']).toBe('5f0c0a3e-8a1c-4a57-9d5b-1c9a1b2c3d4e');
    expect(
      verifyHeedSignature({
        header: request.headers['Heed-Signature'],
        body: request.body,
        secrets: ['whsec-0123456789abcdef'],
        now,
      }),
    ).toBe(now / 1000);
    expect(JSON.parse(request.body)).toMatchObject({
      id: stored(freeze).id,
      type: 'CardFreezeRequested',
      revision: '3',
      customerId: 'c-9',
      data: { fraudScore: 90 },
    });
  });

  it('gives the success team the flagged account and the re-engagement script on Slack', () => {
    const body = JSON.parse(outboundRequest(destination({ kind: 'slack' }), stored(flagged), now).body) as {
      text: string;
      blocks: Array<{ text?: { text: string } }>;
    };
    expect(body.text).toBe('At risk: Customer c-7 (churn score 72)');
    expect(body.blocks[1]!.text!.text).toContain('Suggested script: Hi! Noticed you have been busy');
    expect(body.blocks[1]!.text!.text).toContain('Why: 3 short sessions in a row');
  });

  it('raises a fraud alert with amount, country and hour', () => {
    const slack = JSON.parse(outboundRequest(destination({ kind: 'slack' }), stored(freeze), now).body) as {
      text: string;
      blocks: Array<{ text?: { text: string } }>;
    };
    expect(slack.text).toBe('Fraud alert: freeze card card-1 of Customer c-9');
    expect(slack.blocks[1]!.text!.text).toContain('fraud score 90, at 03:47 UTC in BR');
    const form = new URLSearchParams(
      outboundRequest(
        destination({ kind: 'sms', from: '+15550100', to: 'customer:{customerId}', authorization: 'Basic eA==' }),
        stored(sms),
        now,
      ).body,
    );
    expect(form.get('To')).toBe('customer:c-9');
    expect(form.get('From')).toBe('+15550100');
    expect(form.get('Body')).toContain('1299.00 EUR at Loja in BR at 03:47 UTC? Reply YES or NO.');
  });

  it('renders a SendGrid-style email with the recipient from the template and no signature without secrets', () => {
    const request = outboundRequest(
      destination({
        kind: 'email',
        from: 'care@shop.example',
        to: '{customerId}@customers.example',
        authorization: 'Bearer SG.x',
      }),
      stored(flagged),
      now,
    );
    expect(request.headers.Authorization).toBe('Bearer SG.x');
    expect(request.headers['Heed-Signature']).toBeUndefined();
    expect(JSON.parse(request.body)).toMatchObject({
      personalizations: [{ to: [{ email: 'c-7@customers.example' }] }],
      from: { email: 'care@shop.example' },
      subject: 'At risk: Customer c-7 (churn score 72)',
    });
  });
});
