import { mkdirSync } from 'node:fs';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';

export interface OpenClickHouseOptions {
  /** A ClickHouse server (`http://user:pass@host:8123/db`); when absent, chDB embedded in `dataDir`. */
  clickhouseUrl?: string | undefined;
  /** Directory of the embedded chDB data (one per process: chDB binds one data directory per process). */
  dataDir: string;
}

/**
 * The one way redstream reaches ClickHouse: `@clickhouse/client`, over HTTP to a server or over
 * chDB's in-process connection. Every query is the same SQL on both.
 */
export function openClickHouse(options: OpenClickHouseOptions): ClickHouseClient {
  if (options.clickhouseUrl) {
    return createClient({ url: options.clickhouseUrl, request_timeout: 300_000, clickhouse_settings: { date_time_input_format: 'best_effort' } });
  }
  mkdirSync(options.dataDir, { recursive: true });
  // chdb's Connection is typed against its own copy of @clickhouse/client-common; same shape.
  return createClient({ connection: createChdbConnection({ path: options.dataDir }), clickhouse_settings: { date_time_input_format: 'best_effort' } } as Parameters<typeof createClient>[0]);
}
