import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadModelInUseError, ReadModelUnavailableError } from './population-errors';
import { openReadModelDatabase } from './read-model-database';

describe('the read model file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'heed-read-model-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('belongs to one engine at a time, and keeps its rows from one to the next', () => {
    const path = join(dir, 'nested', 'population.sqlite');
    const first = openReadModelDatabase(path);
    first.prepare('UPDATE progress SET checkpoint_commit = 41').run();
    expect(() => openReadModelDatabase(path)).toThrow(ReadModelInUseError);
    first.close();
    const next = openReadModelDatabase(path);
    expect(next.prepare('SELECT checkpoint_commit FROM progress').get()).toEqual({ checkpoint_commit: 41 });
    next.close();
  });

  it('empties a file of an earlier schema (a checkpoint by category revision), to be rebuilt from $all', () => {
    const path = join(dir, 'population.sqlite');
    const old = new Database(path);
    old.exec(
      'CREATE TABLE progress (id INTEGER PRIMARY KEY, checkpoint INTEGER, origin TEXT, as_of INTEGER, customers INTEGER)',
    );
    old.exec("INSERT INTO progress VALUES (1, 41, '0:link/event', 0, 7)");
    old.pragma('user_version = 1');
    old.close();
    const db = openReadModelDatabase(path);
    expect(db.prepare('SELECT checkpoint_commit, origin, customers FROM progress').all()).toEqual([
      { checkpoint_commit: null, origin: null, customers: 0 },
    ]);
    db.close();
  });

  it('says which file it cannot open, and what would do', () => {
    // A directory where a file stands: the engine cannot create it.
    const blocked = join(dir, 'a-file');
    writeFileSync(blocked, '');
    const path = join(blocked, 'population.sqlite');
    expect(() => openReadModelDatabase(path)).toThrow(ReadModelUnavailableError);
    expect(() => openReadModelDatabase(path)).toThrow(
      new RegExp(
        `^HEED_ENGINE_READ_MODEL: cannot open ${path} \\(E[A-Z]+: .*\\); expected a file the engine may write`,
      ),
    );
  });
});
