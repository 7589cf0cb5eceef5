export { buildWriteApi, writeApiPlugin, registerDocs, type WriteApiOptions } from './write-api.ts';
export { FactWriter, type FactResult, type FactOutcome, type IncomingFact, type WriteContext } from './fact-writer.ts';
export { runImport, type ImportOptions } from './import/run-import.ts';
export { uuidV5, csvRowFactId } from './import/fact-ids.ts';
export type { ImportSummary } from './api-schemas.ts';
