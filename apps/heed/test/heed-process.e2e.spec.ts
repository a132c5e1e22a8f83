import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

type Env = Record<string, string>;

/** Runs `apps/heed` as its own process, as `npm start` runs it (ports 0 unless `env` says otherwise). */
function spawnHeed(dataDir: string, env: Env = {}): ChildProcess {
  return spawn(process.execPath, ['-r', '@swc-node/register', 'apps/heed/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      HEED_DATA_DIR: dataDir,
      HEED_STORE_PORT: '0',
      HEED_INGEST_PORT: '0',
      HEED_ENGINE_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** What a process printed and how it exited, for one that is expected to fail at start. */
function failedStart(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((done) => child.once('exit', (code) => done({ code, output })));
}

/** Starts Heed and resolves once it is up, with its output so far and ingest's URL. */
function startProcess(
  dataDir: string,
  env: Env = {},
): Promise<{ child: ChildProcess; output: () => string; ingest: string }> {
  const child = spawnHeed(dataDir, env);
  let output = '';
  return new Promise((ready, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ingest = /ingest: (http:\/\/\S+)/.exec(output)?.[1];
      if (output.includes('Press Ctrl+C to stop.') && ingest !== undefined)
        ready({ child, output: () => output, ingest });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`heed exited with ${code} before it was up:\n${output}`)));
  });
}

const exitOf = (child: ChildProcess): Promise<number | null> =>
  new Promise((done) => child.once('exit', (code) => done(code)));

describe('heed all-in-one process: start, keys, and a graceful stop', () => {
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

  it('keeps its development keys, refuses a second Heed on the same data directory, and names a taken port', async () => {
    const first = await startProcess(dataDir);
    try {
      const key = /development write key \(HEED_WRITE_KEYS unset\): (\S+)/.exec(first.output())?.[1];
      expect(key).toMatch(/^heed_dev_/);
      expect(first.output()).toContain(`Authorization: Bearer ${key}`);

      const second = await failedStart(spawnHeed(dataDir));
      expect(second.code).toBe(1);
      expect(second.output).toContain(`is in use by another Heed store (process ${first.child.pid})`);

      const port = new URL(first.ingest).port;
      const taken = await failedStart(spawnHeed(mkdtempSync(join(tmpdir(), 'heed-port-')), { HEED_INGEST_PORT: port }));
      expect(taken.code).toBe(1);
      expect(taken.output).toContain(`is already in use`);
      expect(taken.output).toContain('set HEED_INGEST_PORT to a free port');

      const exited = exitOf(first.child);
      first.child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // The next start has the same keys.
      const again = await startProcess(dataDir);
      expect(again.output()).toContain(`development write key (HEED_WRITE_KEYS unset): ${key}`);
      const stopped = exitOf(again.child);
      again.child.kill('SIGTERM');
      expect(await stopped).toBe(0);
    } finally {
      first.child.kill('SIGKILL');
    }
  }, 90_000);
});
