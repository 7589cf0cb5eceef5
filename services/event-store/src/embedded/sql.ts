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

/**
 * A page of events as ONE text value: a JSON array of `[position, event_id, stream_id, revision,
 * type, data, metadata, recorded_at]` tuples, parsed by a single JSON.parse in JS. PGlite pays a
 * per-row and per-column cost to hand rows over from WebAssembly (and parses json columns itself);
 * one aggregated value reads a page about 2.5 times faster. Positions and revisions travel as
 * strings (bigint, never rounded through a double). `last` is the page's greatest position, so a
 * reader that only hands the page on (the store's worker thread) need not parse it.
 */
export const selectEventPage = (where: string, orderBy: string, limit: string): string => `
SELECT json_agg(json_build_array(position::text, event_id, stream_id, revision::text, type, data, metadata, recorded_at) ORDER BY ${orderBy})::text AS page,
  max(position)::text AS last
FROM (SELECT * FROM events WHERE ${where} ORDER BY ${orderBy} LIMIT ${limit}) e
`;

/**
 * What an append must know before it writes, in ONE round trip (PGlite pays a few hundred
 * microseconds per statement on an idle machine, milliseconds on a busy one, so a commit of a
 * group of requests is mostly round trips): the log's last position, which of the event ids
 * ($1, a JSON array) are stored and where, and the revision of each stream ($2, a JSON array).
 * The last two come as JSON arrays of `[id, position|revision]`, numbers as text.
 */
export const SELECT_APPEND_STATE = `
SELECT
  (SELECT last FROM log_head WHERE id = 1)::text AS last,
  (SELECT json_agg(json_build_array(event_id, position::text)) FROM events
     WHERE event_id IN (SELECT value::uuid FROM json_array_elements_text($1::json)))::text AS stored,
  (SELECT json_agg(json_build_array(stream_id, revision::text)) FROM streams
     WHERE stream_id IN (SELECT value FROM json_array_elements_text($2::json)))::text AS revisions
`;

/**
 * The whole write of an append as ONE statement, hence atomic on its own: the log head ($3), the
 * events ($1, rows as one JSON document, recorded at $4) and the streams' revisions ($2).
 */
export const WRITE_APPEND = `
WITH head AS (UPDATE log_head SET last = $3::bigint WHERE id = 1),
inserted AS (
  INSERT INTO events (position, event_id, stream_id, revision, type, data, metadata, recorded_at)
  SELECT position, event_id, stream_id, revision, type, data, metadata, $4::timestamptz
  FROM json_to_recordset($1::json)
    AS x(position bigint, event_id uuid, stream_id text, revision bigint, type text, data json, metadata json)
)
INSERT INTO streams (stream_id, revision)
SELECT stream_id, revision FROM json_to_recordset($2::json) AS x(stream_id text, revision bigint)
ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision
`;
