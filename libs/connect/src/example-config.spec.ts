import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDestinations } from './connect-file';

describe('config/connect.example.json', () => {
  it('is a valid destinations file once its variables are set', () => {
    const raw: unknown = JSON.parse(readFileSync(join(__dirname, '../../../config/connect.example.json'), 'utf8'));
    const destinations = resolveDestinations(raw, {
      HEED_CONNECT_CRM_SECRETS: 'whsec-example-0123456789',
      HEED_CONNECT_SLACK_SUCCESS_URL: 'https://hooks.slack.com/services/T0/B0/x',
      HEED_CONNECT_SLACK_FRAUD_URL: 'https://hooks.slack.com/services/T0/B1/y',
      HEED_CONNECT_TWILIO_AUTH: 'AC0:token',
      HEED_CONNECT_SENDGRID_KEY: 'SG.key',
    });
    expect(destinations.map((d) => `${d.name}:${d.kind}`)).toEqual([
      'crm:webhook',
      'success-team:slack',
      'fraud-team:slack',
      'fraud-sms:sms',
      'lifecycle-email:email',
    ]);
  });
});
