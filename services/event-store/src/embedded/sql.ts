/**
 * Tables of the embedded store. Global positions come from a counter row updated inside the
 * append transaction, not from a sequence: a sequence hands out numbers that do not roll back,
 * so an aborted append would leave a gap and a reader could skip past a late commit
 * (Marten #3321, Eventuous #222). The counter row rolls back with its transaction.
 */
export const CREATE_TABLES = `
CREATE TABLE IF NOT EXISTS log_head (
  id int PRIMARY KEY CHECK (id = 1),
  last bigint NOT NULL
);
INSERT INTO log_head (id, last) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;

CREATE TABLE IF NOT EXISTS streams (
  stream_id text PRIMARY KEY,
  revision bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS events (
  position bigint PRIMARY KEY,
  event_id uuid NOT NULL UNIQUE,
  stream_id text NOT NULL,
  revision bigint NOT NULL,
  type text NOT NULL,
  data json NOT NULL,
  metadata json NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream_id, revision)
);
`;

export const SELECT_EVENT_COLUMNS = `position, event_id, stream_id, revision, type, data, metadata, recorded_at`;

/** Rows are passed as one JSON document: one round trip whatever the batch size. */
export const INSERT_EVENTS = `
INSERT INTO events (position, event_id, stream_id, revision, type, data, metadata, recorded_at)
SELECT position, event_id, stream_id, revision, type, data, metadata, $2::timestamptz
FROM json_to_recordset($1::json)
  AS x(position bigint, event_id uuid, stream_id text, revision bigint, type text, data json, metadata json)
`;

export const UPSERT_STREAMS = `
INSERT INTO streams (stream_id, revision)
SELECT stream_id, revision FROM json_to_recordset($1::json) AS x(stream_id text, revision bigint)
ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision
`;
