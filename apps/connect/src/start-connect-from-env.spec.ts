import { EventStoreDBClient } from '@eventstore/db-client';
import { ConfigError } from '@heed/config';
import { startConnectFromEnv } from './start-connect-from-env';

describe('connect inside npm start', () => {
  // The client connects lazily: with delivery off, or a configuration refused, it is never used.
  const client = EventStoreDBClient.connectionString('esdb://127.0.0.1:1?tls=false');
  afterAll(() => client.dispose());

  it('is off, saying so, when no destinations file is configured', async () => {
    const connect = await startConnectFromEnv({}, { client, logger: false });
    expect(connect.workers).toHaveLength(0);
    expect(connect.summary).toContain('delivery off');
    await connect.stop();
  });

  it('refuses to start on a destinations file that cannot be read, naming the variable', async () => {
    const attempt = startConnectFromEnv(
      { HEED_CONNECT_CONFIG: '/nonexistent/connect.json' },
      { client, logger: false },
    );
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(attempt).rejects.toThrow('HEED_CONNECT_CONFIG: could not read /nonexistent/connect.json as JSON');
  });
});
