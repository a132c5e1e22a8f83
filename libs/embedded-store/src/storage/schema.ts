/**
 * The SQLite schema of the store: one global log (`events`, keyed by position) and one row per
 * stream. Everything is looked up through indexes; nothing is held in memory per event, and per
 * stream only the rows of the 16,384 streams written last (EventStorage's write path reuses them).
 *
 * - `events.position` is the rowid: strictly increasing, it is `$all`'s commit and prepare position.
 * - `events.revision` is NULL for a tombstone record, which sorts outside the stream's revisions.
 * - `events.event_id` is NULL for projected link events (`$ce-…`, `$et-…`), whose id is derived
 *   from their position: it spares the event-id index two thirds of its rows.
 * - Event ids are indexed per stream (`events_by_stream_and_id`), the only way they are looked up
 *   (idempotent appends). A global index of random UUIDs dirtied one page per appended event at
 *   every commit; per stream, a commit's ids land in the few pages of their own streams.
 *   (`events_by_id`, the global index of earlier versions, is dropped on open.)
 * - `streams.deleted`: 0 live, 1 soft-deleted (`$tb` = 2^63-1 in its metadata), 2 tombstoned.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS streams (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  last_revision INTEGER NOT NULL DEFAULT -1,
  deleted INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY,
  stream_id INTEGER NOT NULL,
  revision INTEGER,
  event_id BLOB,
  type TEXT NOT NULL,
  content_type TEXT NOT NULL,
  data BLOB NOT NULL,
  metadata BLOB NOT NULL,
  created INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_by_stream ON events (stream_id, revision);
CREATE INDEX IF NOT EXISTS events_by_stream_and_id ON events (stream_id, event_id) WHERE event_id IS NOT NULL;
DROP INDEX IF EXISTS events_by_id;
`;

/** Stream states as stored in `streams.deleted`. */
export const DeletedState = { Live: 0, SoftDeleted: 1, Tombstoned: 2 } as const;
