import { Writable } from 'node:stream';
import { createLogger } from './create-logger';
import { NestPinoLogger } from './nest-logger';
import { Redactor } from './redactor';

/** A logger writing JSON lines into an array, as in production. */
function capture(secrets: string[] = [], level: 'info' | 'debug' = 'info') {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk
        .toString()
        .split('\n')
        .filter((l) => l !== ''))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logging = createLogger({ level, nodeEnv: 'production' }, secrets, destination);
  return { lines, logging, nest: new NestPinoLogger(logging.pino) };
}

const WRITE_KEY = 'web:wk_live_0123456789abcdef';
const API_KEY = 'api-key-fedcba9876543210';

describe('logs', () => {
  it('are JSON lines with level, time, message, the Nest context and the correlation id', () => {
    const { lines, nest } = capture();
    nest.log('Heed ingest started', 'NestApplication');
    nest.error({ msg: 'TypeError: boom', correlationId: 'req-7' }, 'stack at x', 'ingest');
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'Heed ingest started', context: 'NestApplication' });
    expect(typeof lines[0]!['time']).toBe('string');
    expect(lines[1]).toMatchObject({
      level: 'error',
      msg: 'TypeError: boom',
      correlationId: 'req-7',
      context: 'ingest',
      stack: 'stack at x',
    });
  });

  it('never carry a configured secret, an Authorization header or a field named like a secret', () => {
    const secrets = Redactor.secretsOf({
      HEED_WRITE_KEYS: `${WRITE_KEY},second-write-key-0123`,
      HEED_API_KEYS: API_KEY,
      HEED_CONNECT_SLACK_TOKEN: 'xoxb-slack-token-value',
      HEED_INGEST_PORT: '3000',
    });
    const { lines, logging, nest } = capture(secrets);
    nest.warn(`refused key wk_live_0123456789abcdef and ${API_KEY}; slack said xoxb-slack-token-value`);
    nest.error('call failed: Authorization: Bearer abc.def-ghi sent with Basic d2s6');
    logging.pino.info(
      { headers: { authorization: 'Bearer top-secret' }, writeKey: WRITE_KEY, request: { apiKey: API_KEY } },
      'request',
    );
    const text = JSON.stringify(lines);
    for (const secret of [
      'wk_live_0123456789abcdef',
      API_KEY,
      'xoxb-slack-token-value',
      'abc.def-ghi',
      'd2s6',
      'top-secret',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(lines[0]!['msg']).toBe('refused key [redacted] and [redacted]; slack said [redacted]');
    expect(lines[1]!['msg']).toBe('call failed: Authorization: Bearer [redacted] sent with Basic [redacted]');
    expect(lines[2]).toMatchObject({
      headers: { authorization: '[redacted]' },
      writeKey: '[redacted]',
      request: { apiKey: '[redacted]' },
    });
    // The port is no secret.
    expect(secrets).not.toContain('3000');
  });

  it('redacts secrets learnt after start (development keys) from then on', () => {
    const { lines, logging, nest } = capture();
    logging.redactor.add(['heed_dev_generatedKey0123']);
    nest.log('using heed_dev_generatedKey0123');
    expect(lines[0]!['msg']).toBe('using [redacted]');
  });

  it('keep to HEED_LOG_LEVEL', () => {
    const quiet = capture([], 'info');
    quiet.nest.debug('details');
    quiet.nest.verbose('more details');
    expect(quiet.lines).toEqual([]);
    const chatty = capture([], 'debug');
    chatty.nest.debug('details');
    expect(chatty.lines[0]).toMatchObject({ level: 'debug', msg: 'details' });
  });
});
