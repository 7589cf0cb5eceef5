export { openClickHouse, type OpenClickHouseOptions } from './clickhouse/open-clickhouse.ts';
export { migrate, readMigrations, MIGRATIONS_DIR, MigrationChecksumMismatch } from './clickhouse/migrate.ts';
export { readModelsCreatedBy } from './clickhouse/new-tables.ts';
export { startProjector, type Projector, type ProjectorOptions, type ProjectorStatus, type ProjectorState } from './projector/projector.ts';
export { readCheckpoint, type CheckpointRow } from './projector/checkpoints.ts';
export { projectorLag, registerProjectorMetrics } from './projector/metrics.ts';
export { rebuildProjections, REBUILD_SUFFIX, type RebuildOptions, type RebuildResult } from './projector/rebuild.ts';
export { backfillNewReadModels, type BackfillOptions } from './projector/backfill.ts';
export { READ_MODELS, PROJECTION_NAMES, DERIVED_TABLES, readModelsNamed, type ReadModel, type DerivedTable } from './read-models/index.ts';
