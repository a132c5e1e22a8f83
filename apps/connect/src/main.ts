import { loadConfig } from '@heed/config';
import { connectStore, StoreConfig } from '@heed/event-store';
import { runMain } from '@heed/service';
import { ConnectConfig } from './connect.config';
import { startConnect } from './start-connect';

runMain(async () => {
  const client = connectStore(loadConfig(StoreConfig, process.env));
  const connect = await startConnect(loadConfig(ConnectConfig, process.env), { client, env: process.env });
  console.log(connect.summary);
  return async () => {
    await connect.stop();
    await client.dispose();
  };
});
