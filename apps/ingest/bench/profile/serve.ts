/**
 * One ingest process for `cpu-per-event.ts`: `serve.ts <ingest src dir> <store url> <write key>`.
 * Builds the app from the `createIngestApp` found in `<ingest src dir>` (the working tree's, or a
 * frozen copy of an earlier version for a before/after comparison in one run), listens on a free
 * port and prints its URL. Answers `cpu` messages on its IPC channel with `process.cpuUsage()`.
 */
import 'reflect-metadata';
import { EventStoreDBClient } from '@eventstore/db-client';
import { loadConfig } from '@heed/config';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join, resolve } from 'node:path';

const [srcDir, storeUrl, key] = process.argv.slice(2);
if (srcDir === undefined || storeUrl === undefined || key === undefined)
  throw new Error('usage: serve.ts <ingest src dir> <store url> <write key>');

interface IngestModule {
  createIngestApp: (
    options: unknown,
    logger: false,
  ) => Promise<{ listen(p: number, h: string): Promise<unknown>; getUrl(): Promise<string> }>;
}
interface ConfigModule {
  IngestConfig: never;
}

async function main(): Promise<void> {
  const dir = resolve(srcDir!);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createIngestApp } = require(join(dir, 'create-ingest-app')) as IngestModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { IngestConfig } = require(join(dir, 'ingest.config')) as ConfigModule;
  const client = EventStoreDBClient.connectionString(storeUrl!);
  const config = loadConfig(IngestConfig, { HEED_WRITE_KEYS: key! }) as unknown;
  const app = await createIngestApp({ config, client }, false);
  await app.listen(0, '127.0.0.1');
  // The V8 profiler over the measured runs only (not start-up nor warm-up): `profile` starts it,
  // `{ profileTo: file }` writes what it recorded.
  const session = new Session();
  session.connect();
  const post = (method: string): Promise<unknown> =>
    new Promise((done, fail) => session.post(method, (error, result) => (error ? fail(error) : done(result))));
  process.on('message', (message: unknown) => {
    if (message === 'cpu') process.send!({ cpu: process.cpuUsage() });
    else if (message === 'profile') void post('Profiler.enable').then(() => post('Profiler.start'));
    else if (typeof message === 'object' && message !== null && 'profileTo' in message) {
      void post('Profiler.stop').then((result) => {
        writeFileSync(String(message.profileTo), JSON.stringify((result as { profile: unknown }).profile));
        process.send!({ profiled: true });
      });
    } else if (message === 'stop') process.exit(0);
  });
  console.log(await app.getUrl());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
