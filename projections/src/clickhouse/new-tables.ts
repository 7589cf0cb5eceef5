import { READ_MODELS, type ReadModel } from '../read-models/index.ts';
import { readMigrations, MIGRATIONS_DIR } from './migrate.ts';

/**
 * The read models whose tables a just-applied migration created. On a deployment that already
 * projected events, such a table starts empty while the checkpoint is far along: it has to be
 * backfilled from the log (a rebuild of just those read models), or its answers would be wrong.
 */
export function readModelsCreatedBy(applied: readonly string[], dir = MIGRATIONS_DIR): ReadModel[] {
  const created = new Set<string>();
  for (const migration of readMigrations(dir).filter((m) => applied.includes(m.name))) {
    for (const match of migration.sql.matchAll(/CREATE TABLE IF NOT EXISTS\s+`?(\w+)`?/gi)) created.add(match[1]!);
  }
  return READ_MODELS.filter((model) => model.tables.some((table) => created.has(table)));
}
