import { loadConfig } from '@heed/config';
import { EngineConfig, IngestConfig, startHeed, type RunningHeed } from '../src/start-heed';

describe('heed all-in-one', () => {
  let heed: RunningHeed;

  beforeAll(async () => {
    const env = { HEED_INGEST_PORT: '0', HEED_ENGINE_PORT: '0' };
    heed = await startHeed({ ingest: loadConfig(IngestConfig, env), engine: loadConfig(EngineConfig, env) }, false);
  });
  afterAll(() => heed.stop());

  it.each([
    ['ingest', () => heed.ingestUrl],
    ['engine', () => heed.engineUrl],
  ])('serves the %s health endpoint on loopback', async (service, url) => {
    expect(url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${url()}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', service });
  });
});
