import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirInUseError, lockDataDir } from './data-dir-lock';
import { EventStorage } from './event-storage';

describe('the data directory lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'heed-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a directory another running process holds, naming the process', () => {
    // The parent of this test process is running: as if it had the store open.
    writeFileSync(join(dir, 'heed.lock'), `${process.ppid}\n`);
    expect(() => new EventStorage({ dataDir: dir })).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dir)).toThrow(`in use by another Heed store (process ${process.ppid})`);
  });

  it('takes over a lock left by a process that is gone', () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.pid']).pid;
    writeFileSync(join(dir, 'heed.lock'), `${gone}\n`);
    const storage = new EventStorage({ dataDir: dir });
    storage.close();
    expect(existsSync(join(dir, 'heed.lock'))).toBe(false);
  });

  it('holds the directory while the storage is open and gives it back on close', () => {
    const storage = new EventStorage({ dataDir: dir });
    expect(existsSync(join(dir, 'heed.lock'))).toBe(true);
    storage.close();
    expect(existsSync(join(dir, 'heed.lock'))).toBe(false);
  });
});
