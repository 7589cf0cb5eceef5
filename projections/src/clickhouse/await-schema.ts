import type { ClickHouseClient } from '@clickhouse/client';
import { MIGRATIONS_DIR, MigrationChecksumMismatch, readMigrations, recordedChecksumMatches, recordedMigrations } from './migrate.ts';

export class SchemaNotReady extends Error {
  constructor(readonly missing: string[]) {
    super(
      `the ClickHouse schema lacks migration(s) ${missing.join(', ')} that this version of redstream needs; ` +
        `the projector service applies them at its start (redstream serve projector, or npm start) — start it, or read its log`,
    );
    this.name = 'SchemaNotReady';
  }
}

export interface AwaitSchemaOptions {
  dir?: string;
  /** How long to wait for the projector to apply the missing migrations; 0 answers at once. Default 5 minutes. */
  timeoutMs?: number;
  pollMs?: number;
  /** Told what is missing, at most every 10 s. */
  onWait?: (message: string) => void;
}

/**
 * For a process that reads ClickHouse but does not migrate it (GraphQL, summaries and the CLI
 * beside a ClickHouse server): waits until every migration this code knows is recorded in
 * `schema_migrations`, so it never queries a table or column that is not there yet. Migrations
 * recorded that this code does not know are newer code's: additive, so not a reason to stop. A
 * recorded migration whose statements differ from this code's is an error at once.
 */
export async function awaitSchema(client: ClickHouseClient, options: AwaitSchemaOptions = {}): Promise<void> {
  const files = readMigrations(options.dir ?? MIGRATIONS_DIR);
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  let lastSaid = 0;
  for (;;) {
    const recorded = await recordedMigrations(client);
    const missing: string[] = [];
    for (const file of files) {
      const checksum = recorded.get(file.name);
      if (checksum === undefined) missing.push(file.name);
      else if (!recordedChecksumMatches(file, checksum)) {
        throw new MigrationChecksumMismatch(`ClickHouse migration ${file.name} was applied with other statements than this version holds (checksum ${checksum.slice(0, 12)} → ${file.checksum.slice(0, 12)})`);
      }
    }
    if (missing.length === 0) return;
    if (Date.now() >= deadline) throw new SchemaNotReady(missing);
    if (Date.now() - lastSaid >= 10_000) {
      lastSaid = Date.now();
      options.onWait?.(`waiting for the ClickHouse schema: migration(s) ${missing.join(', ')} not applied yet (the projector service applies them)`);
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 1000));
  }
}
