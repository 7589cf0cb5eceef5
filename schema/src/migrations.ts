import { fileURLToPath } from 'node:url';

/** The ClickHouse migrations (`NNNN_name.sql`) this package holds; `@redstream/schema/migrations`, kept off the browser-safe index. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../clickhouse/migrations', import.meta.url));
