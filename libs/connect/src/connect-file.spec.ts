import { ConfigError } from '@heed/config';
import { resolveDestinations } from './connect-file';

const env = {
  HEED_CONNECT_CRM_SECRETS: 'whsec-0123456789abcdef,whsec-previous-0123456',
  HEED_CONNECT_SLACK_URL: 'https://hooks.slack.example/services/T0/B0/secret',
  HEED_CONNECT_TWILIO: 'AC123:token-secret',
};

const problemsOf = (raw: unknown, e: Record<string, string> = env): readonly string[] => {
  try {
    resolveDestinations(raw, e, 'connect.json');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('connect configuration file', () => {
  it('resolves destinations with their defaults, URLs and secrets from the environment', () => {
    const [crm, slack, sms] = resolveDestinations(
      {
        destinations: [
          {
            name: 'crm',
            kind: 'webhook',
            url: 'https://crm.example/heed',
            secretsEnv: 'HEED_CONNECT_CRM_SECRETS',
            commands: ['CardFreezeRequested'],
          },
          {
            name: 'success',
            kind: 'slack',
            urlEnv: 'HEED_CONNECT_SLACK_URL',
            commands: ['FlagAccountForSuccessTeamRequested'],
            maxAttempts: 3,
          },
          {
            name: 'fraud-sms',
            kind: 'sms',
            url: 'https://sms.example/Messages.json',
            basicAuthEnv: 'HEED_CONNECT_TWILIO',
            from: '+15550100',
            to: '+15550199',
            commands: ['FraudVerificationSmsRequested'],
          },
        ],
      },
      env,
    );
    expect(crm).toMatchObject({
      name: 'crm',
      secrets: ['whsec-0123456789abcdef', 'whsec-previous-0123456'],
      startFrom: 'end',
    });
    expect(crm!.policy).toMatchObject({
      maxAttempts: 8,
      timeoutMs: 10_000,
      concurrency: 16,
      breakerFailureThreshold: 5,
    });
    expect(slack).toMatchObject({ url: 'https://hooks.slack.example/services/T0/B0/secret', secrets: [] });
    expect(slack!.policy.maxAttempts).toBe(3);
    expect(sms!.authorization).toBe(`Basic ${Buffer.from('AC123:token-secret').toString('base64')}`);
  });

  it('names the field at fault and what was expected, never a secret value', () => {
    const problems = problemsOf({
      destinations: [
        { name: 'Bad Name', kind: 'pager', commands: ['NotACommand'], url: 'ftp://x' },
        { name: 'hook', kind: 'webhook', url: 'https://a.example', commands: ['CardFreezeRequested'] },
        { name: 'slack', kind: 'slack', urlEnv: 'HEED_MISSING_URL', commands: ['CardFreezeRequested'] },
      ],
    });
    const text = problems.join('\n');
    expect(text).toContain('destinations[0].name: name: expected lowercase letters, digits and -');
    expect(text).toContain('destinations[0].kind');
    expect(text).toContain('each command must be one of');
    expect(text).toContain('destinations[0].url: url: expected an http(s) URL');
    expect(
      problemsOf({
        destinations: [{ name: 'hook', kind: 'webhook', url: 'https://a.example', commands: ['CardFreezeRequested'] }],
      }),
    ).toEqual([
      'connect.json: destinations[0].secretsEnv: a webhook destination must be signed; expected a variable with its secrets',
    ]);
    expect(
      problemsOf({
        destinations: [{ name: 's', kind: 'slack', urlEnv: 'HEED_MISSING_URL', commands: ['CardFreezeRequested'] }],
      }),
    ).toEqual(['connect.json: destinations[0].urlEnv: HEED_MISSING_URL is not set']);
    const short = problemsOf(
      {
        destinations: [
          {
            name: 'h',
            kind: 'webhook',
            url: 'https://a.example',
            secretsEnv: 'HEED_S',
            commands: ['CardFreezeRequested'],
          },
        ],
      },
      { HEED_S: 'tooshort-secret' },
    );
    expect(short).toEqual(['connect.json: destinations[0].secretsEnv: each secret must be at least 16 characters']);
    expect(short.join()).not.toContain('tooshort-secret');
  });

  it('refuses unknown fields, duplicate names, and a file that is not an object', () => {
    expect(problemsOf({ destinations: [], extra: 1 }).join()).toContain('extra');
    const twice = { name: 'a', kind: 'slack', url: 'https://a.example', commands: ['CardFreezeRequested'] };
    expect(problemsOf({ destinations: [twice, twice] })).toEqual([
      'connect.json: destinations[1].name: "a" is used twice; expected unique names',
    ]);
    expect(problemsOf([])).toEqual(['connect.json: expected an object { "destinations": [...] }']);
  });
});
