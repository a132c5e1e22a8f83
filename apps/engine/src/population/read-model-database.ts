import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ReadModelInUseError, ReadModelUnavailableError } from './population-errors';

/** Bumped when the tables change: a file of another version is emptied and rebuilt from the streams. */
const SCHEMA_VERSION = 2;

const TABLES = ['progress', 'state_names', 'customers', 'members', 'counts', 'hourly_deltas', 'transitions_by_minute'];

// Times are integer ms and states integer ids (`state_names`): a member row costs three integers,
// so a million customers in a dozen active states each stay a few hundred MB.
const SCHEMA = `
  -- One row: how far the projection has read, and what it has seen.
  CREATE TABLE progress (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    checkpoint_commit INTEGER,    -- $all position read up to (commit, prepare); NULL before any
    checkpoint_prepare INTEGER,
    origin TEXT,                  -- '<commit>/<prepare>:<event id>' of the first event projected
    as_of INTEGER,                -- the newest change's time (customer time, ms)
    customers INTEGER NOT NULL
  );
  INSERT INTO progress (id, customers) VALUES (1, 0);
  CREATE TABLE state_names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  -- Each customer's latest state value and scores; entered: JSON [[state, since ms], …] of every active state.
  CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL UNIQUE,
    value TEXT NOT NULL,
    entered TEXT NOT NULL,
    at INTEGER NOT NULL,
    scores TEXT NOT NULL
  );
  -- Who is in each state, the latest entry first: a page is one range of this key (keyset paging).
  CREATE TABLE members (
    state INTEGER NOT NULL,
    since INTEGER NOT NULL,
    customer INTEGER NOT NULL,
    PRIMARY KEY (state, since DESC, customer DESC)
  ) WITHOUT ROWID;
  CREATE TABLE counts (state INTEGER PRIMARY KEY, customers INTEGER NOT NULL);
  -- How each hour (customer time) changed the counts: the history is now's counts minus later hours.
  CREATE TABLE hourly_deltas (
    hour INTEGER NOT NULL,
    state INTEGER NOT NULL,
    delta INTEGER NOT NULL,
    PRIMARY KEY (hour, state)
  ) WITHOUT ROWID;
  -- Region moves counted per minute: a window is a range of minutes.
  CREATE TABLE transitions_by_minute (
    minute INTEGER NOT NULL,
    from_state INTEGER NOT NULL,
    to_state INTEGER NOT NULL,
    event TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (minute, from_state, to_state, event)
  ) WITHOUT ROWID;
`;

/**
 * Opens (or creates) a replica's read model file, `:memory:` for one that lives as long as the
 * process. The file is locked for this connection alone: two projections on one file would count
 * every change twice, so a second engine pointed at it fails to start instead.
 */
export function openReadModelDatabase(path: string): Database.Database {
  const inMemory = path === ':memory:';
  let db: Database.Database;
  try {
    if (!inMemory) mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { timeout: 1_000 });
  } catch (error) {
    // Node's own errors may come from another realm (test sandboxes): read the message, not the class.
    const reason = (error as { message?: unknown }).message;
    throw new ReadModelUnavailableError(path, typeof reason === 'string' ? reason : String(error));
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    if (!inMemory) db.pragma('journal_mode = WAL');
    // A cache: a power loss may lose the last commits, never consistency (data and checkpoint
    // commit together), and the projection reads again what was lost.
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -65536');
    // A checkpoint copies every page the WAL holds back into the file. Catching up rewrites the
    // same pages commit after commit (members are keyed by state and entry time, so a batch's rows
    // land all over the table): a WAL of up to 40 MB copies each page once for many commits.
    if (!inMemory) db.pragma('wal_autocheckpoint = 10000');
    db.transaction(() => {
      if (db.pragma('user_version', { simple: true }) === SCHEMA_VERSION) return;
      for (const table of TABLES) db.exec(`DROP TABLE IF EXISTS ${table}`);
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  } catch (error) {
    db.close();
    // By code, not class: the native addon keeps the SqliteError class of the first module
    // registry that loaded it (test sandboxes load the module more than once).
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) throw new ReadModelInUseError(path);
    throw error;
  }
  return db;
}

/** Empties every table: the projection starts again from the beginning of the streams. */
export function emptyReadModel(db: Database.Database): void {
  db.transaction(() => {
    for (const table of TABLES) db.exec(`DELETE FROM ${table}`);
    db.exec('INSERT INTO progress (id, customers) VALUES (1, 0)');
  })();
}
