import { randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import type { RollupSet } from './plan.ts';
import { join, param, sql, type SqlFragment } from './sql.ts';

/**
 * Runs the query layer's SQL: every query has an id (named in ClickHouse's query log and in
 * errors) and a timeout enforced twice, by ClickHouse (`max_execution_time`) and by aborting the
 * request, so a runaway query neither holds a resolver nor the engine.
 */
export interface Reader {
  rows<T>(queryId: string, fragment: SqlFragment): Promise<T[]>;
  readonly timeoutMs: number;
  /** Queries run so far by id (tests and metrics read it to see which table was chosen). */
  readonly stats: Map<string, { count: number; totalMs: number }>;
  /** The sales rollups the planner may read; undefined: all of them (ReaderOptions.rollups). */
  readonly rollups?: RollupSet | undefined;
}

export class QueryTimeoutError extends Error {
  constructor(
    readonly queryId: string,
    readonly timeoutMs: number,
  ) {
    super(`query ${queryId} exceeded its ${timeoutMs} ms timeout`);
    this.name = 'QueryTimeoutError';
  }
}

/**
 * ClickHouse's own `max_execution_time` (error 159, TIMEOUT_EXCEEDED) can fire before the request
 * is aborted; both are the same timeout and reach callers as one error they can name.
 */
const isEngineTimeout = (error: unknown) => /TIMEOUT_EXCEEDED|Timeout exceeded: elapsed/.test(String((error as Error)?.message ?? error));

/** A query is cancelled after this long unless the reader is given its own (REDSTREAM_GRAPHQL_QUERY_TIMEOUT_MS defaults to it). */
export const DEFAULT_QUERY_TIMEOUT_MS = 10_000;

export interface ReaderOptions {
  timeoutMs?: number;
  /**
   * Read the copy of the read models whose tables carry this suffix instead of the live ones
   * (every table the query layer names through tables.ts): the summaries' replay of the log up to
   * an as-of position.
   */
  tableSuffix?: string;
  /**
   * The sales rollups the planner may read (default: all). `{}` answers every sales question from
   * the raw fact tables alone: the dashboard bench's measure of what ClickHouse needs without them.
   */
  rollups?: RollupSet;
}

export function createReader(client: ClickHouseClient, options: ReaderOptions = {}): Reader {
  const timeoutMs = options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  const stats = new Map<string, { count: number; totalMs: number }>();
  return {
    timeoutMs,
    stats,
    rollups: options.rollups,
    async rows<T>(queryId: string, fragment: SqlFragment): Promise<T[]> {
      const { query, params } = fragment.compile({ tableSuffix: options.tableSuffix });
      const started = performance.now();
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        const result = await client.query({
          query,
          query_params: params,
          query_id: `${queryId}:${randomUUID()}`,
          format: 'JSONEachRow',
          abort_signal: signal,
          clickhouse_settings: {
            max_execution_time: Math.max(1, Math.ceil(timeoutMs / 1000)),
            output_format_json_quote_64bit_integers: 1,
            join_use_nulls: 0,
          },
        });
        return await result.json<T>();
      } catch (error) {
        if (signal.aborted || isEngineTimeout(error)) throw new QueryTimeoutError(queryId, timeoutMs);
        throw new Error(`query ${queryId} failed: ${(error as Error).message}`, { cause: error });
      } finally {
        const entry = stats.get(queryId) ?? { count: 0, totalMs: 0 };
        entry.count += 1;
        entry.totalMs += performance.now() - started;
        stats.set(queryId, entry);
      }
    },
  };
}

/**
 * A reader that sends the queries asked of it in the same turn of the event loop (a
 * `Promise.all` of questions) to ClickHouse as one statement, each query a branch of a UNION ALL
 * whose rows come back as JSON text tagged with the branch. Embedded chDB runs one statement at a
 * time, so a screen refresh of a dozen questions otherwise queues a dozen statements between the
 * projector's inserts; as one, it pays parsing, planning and the round trip once.
 *
 * Every branch keeps its own parameters (numbered across the whole statement) and its rows'
 * order. If the combined statement fails, each query is run alone so that each caller gets its
 * own answer or its own error.
 */
export function batchingReader(reader: Reader): Reader {
  let pending: { queryId: string; fragment: SqlFragment; resolve: (rows: unknown[]) => void; reject: (error: unknown) => void }[] = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    if (batch.length === 1) {
      const only = batch[0]!;
      return reader.rows(only.queryId, only.fragment).then(only.resolve, only.reject);
    }
    try {
      const branches = batch.map(
        ({ fragment }, i) => sql`SELECT ${param(i, 'UInt32')} AS q, rowNumberInAllBlocks() AS n, formatRowNoNewline('JSONEachRow', *) AS row FROM (${fragment})`,
      );
      const rows = await reader.rows<{ q: number; row: string }>(
        `batch(${batch.map((b) => b.queryId).join(',')})`,
        sql`SELECT q, row FROM (${join(branches, ' UNION ALL ')}) ORDER BY q, n`,
      );
      const answers = batch.map((): unknown[] => []);
      for (const { q, row } of rows) answers[Number(q)]!.push(JSON.parse(row));
      batch.forEach((b, i) => b.resolve(answers[i]!));
    } catch {
      for (const b of batch) reader.rows(b.queryId, b.fragment).then(b.resolve, b.reject);
    }
  };
  return {
    timeoutMs: reader.timeoutMs,
    stats: reader.stats,
    rollups: reader.rollups,
    rows<T>(queryId: string, fragment: SqlFragment): Promise<T[]> {
      return new Promise<T[]>((resolve, reject) => {
        // setImmediate, not a microtask: a question asked after a few awaits of settled promises
        // (no I/O) still joins the statement of the questions asked beside it.
        if (pending.length === 0) setImmediate(() => void flush());
        pending.push({ queryId, fragment, resolve: resolve as (rows: unknown[]) => void, reject });
      });
    },
  };
}
