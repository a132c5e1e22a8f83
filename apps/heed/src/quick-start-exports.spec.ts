import { execFileSync } from 'node:child_process';
import { quickStartExports } from './quick-start-exports';

const heed = {
  storeUrl: 'esdb://127.0.0.1:2113?tls=false',
  ingestUrl: 'http://127.0.0.1:3000',
  engineUrl: 'http://127.0.0.1:3001',
  generated: { writeKey: 'heed_dev_abc-DEF_123', apiKey: 'heed_api_dev_xyz' },
};

describe('the quick-start export line', () => {
  it('gives a shell the addresses and the development keys, quoted where the shell needs it', () => {
    const line = quickStartExports(heed);
    const printed = execFileSync(
      'bash',
      [
        '-c',
        `${line}; printf '%s\\n' "$HEED_INGEST_URL" "$HEED_ENGINE_URL" "$HEED_STORE_URL" "$HEED_WRITE_KEY" "$HEED_API_KEY"`,
      ],
      { encoding: 'utf8' },
    );
    expect(printed.trim().split('\n')).toEqual([
      heed.ingestUrl,
      heed.engineUrl,
      heed.storeUrl,
      heed.generated.writeKey,
      heed.generated.apiKey,
    ]);
  });

  it('never prints configured keys', () => {
    const line = quickStartExports({ ...heed, generated: {} });
    expect(line).not.toContain('HEED_WRITE_KEY');
    expect(line).not.toContain('HEED_API_KEY');
    expect(line).toContain('HEED_ENGINE_URL=http://127.0.0.1:3001');
  });
});
