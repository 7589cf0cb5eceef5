import { randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import type { SqlFragment } from './sql.ts';

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
}

export class QueryTimeoutError extends Error {
  constructor(queryId: string, timeoutMs: number) {
    super(`query ${queryId} exceeded its ${timeoutMs} ms timeout`);
    this.name = 'QueryTimeoutError';
  }
}

export function createReader(client: ClickHouseClient, options: { timeoutMs?: number } = {}): Reader {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const stats = new Map<string, { count: number; totalMs: number }>();
  return {
    timeoutMs,
    stats,
    async rows<T>(queryId: string, fragment: SqlFragment): Promise<T[]> {
      const { query, params } = fragment.compile();
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
        if (signal.aborted) throw new QueryTimeoutError(queryId, timeoutMs);
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
