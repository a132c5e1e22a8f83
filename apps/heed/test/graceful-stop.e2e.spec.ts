import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

/** Starts `apps/heed` as its own process, as `npm start` runs it, and resolves with its URLs once it is up. */
function startProcess(dataDir: string): Promise<{ child: ChildProcess; output: () => string; ingest: string }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/heed/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      HEED_DATA_DIR: dataDir,
      HEED_STORE_PORT: '0',
      HEED_INGEST_PORT: '0',
      HEED_ENGINE_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((ready, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ingest = /ingest: (http:\/\/\S+)/.exec(output)?.[1];
      if (output.includes('Press Ctrl+C to stop.') && ingest !== undefined)
        ready({ child, output: () => output, ingest });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`heed exited with ${code} before it was up:\n${output}`)));
  });
}

const exitOf = (child: ChildProcess): Promise<number | null> =>
  new Promise((done) => child.once('exit', (code) => done(code)));

describe('heed all-in-one process: a graceful stop', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'heed-stop-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s finishes its work, closes the store cleanly and exits 0',
    async (signal) => {
      const { child, output, ingest } = await startProcess(dataDir);
      const writeKey = /development write key \(HEED_WRITE_KEYS unset\): (\S+)/.exec(output())?.[1];
      const sent = await fetch(`${ingest}/v1/track`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${writeKey}` },
        body: JSON.stringify({
          messageId: randomUUID(),
          userId: `stop-${randomUUID()}`,
          event: 'Signed In',
          timestamp: '2026-01-01T10:00:00Z',
        }),
      });
      expect(sent.status).toBe(200);

      const exited = exitOf(child);
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(output()).toContain('stopped');
      // The store's SQLite database was closed: no write-ahead log is left behind.
      const files = readdirSync(dataDir, { recursive: true }).map(String);
      expect(files.some((f) => f.endsWith('.sqlite') || f.endsWith('.db'))).toBe(true);
      expect(files.filter((f) => f.endsWith('-wal'))).toEqual([]);
    },
    60_000,
  );
});
