import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { collect } from './store-fixture';

const ROOT = join(__dirname, '..', '..', '..');

/** Starts the standalone store on port 0 and resolves with its process and connection string. */
function startStoreProcess(
  dataDir: string,
  synchronous: 'normal' | 'full',
): Promise<{ child: ChildProcess; connectionString: string }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/store/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, HEED_STORE_PORT: '0', HEED_DATA_DIR: dataDir, HEED_STORE_SYNC: synchronous },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (connectionString) => resolve({ child, connectionString }));
    child.once('exit', (code) => reject(new Error(`the store exited with ${code} before printing its address`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe.each(['normal', 'full'] as const)('embedded store: durability with synchronous=%s', (synchronous) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'heed-store-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged append across kill -9 of the store process', async () => {
    const first = await startStoreProcess(dataDir, synchronous);
    const writer = EventStoreDBClient.connectionString(first.connectionString);
    const acknowledged: string[] = [];
    const appends = Array.from({ length: 20 }, async (_, w) => {
      for (let i = 0; i < 10; i++) {
        const stream = `durable-${w}`;
        await writer.appendToStream(stream, jsonEvent({ type: 'Written', data: { i } }));
        acknowledged.push(`${stream}:${i}`);
      }
    });
    await Promise.all(appends);
    await killed(first.child);
    await writer.dispose();

    const second = await startStoreProcess(dataDir, synchronous);
    const reader = EventStoreDBClient.connectionString(second.connectionString);
    try {
      const found: string[] = [];
      for (let w = 0; w < 20; w++) {
        for (const e of await collect(reader.readStream(`durable-${w}`))) {
          found.push(`durable-${w}:${(e.event!.data as { i: number }).i}`);
        }
      }
      expect(found.sort()).toEqual([...acknowledged].sort());
    } finally {
      await reader.dispose();
      await killed(second.child);
    }
  }, 60_000);
});
