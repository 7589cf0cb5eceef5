import type { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { catalog, type EventType } from '@redstream/schema';
import { HttpError } from '@redstream/service-kit';
import type { FactWriter, IncomingFact, WriteContext } from '../fact-writer.ts';
import type { ImportSummary } from '../api-schemas.ts';
import type { WriteMetrics } from '../write-metrics.ts';
import { incomingFact } from '../incoming.ts';
import { splitLines } from './lines.ts';
import { csvRowToFact, numericFields } from './csv-rows.ts';

export interface ImportOptions {
  format: 'ndjson' | 'csv';
  /** CSV: the type of every row. */
  type?: EventType | undefined;
  writer: FactWriter;
  context: () => WriteContext;
  metrics?: WriteMetrics;
  /** Facts per appendMany. */
  batchSize: number;
  /** Rejections listed in the answer; the rest are only counted. */
  maxRejections: number;
  maxLineBytes: number;
}

interface NumberedFact {
  line: number;
  fact: IncomingFact;
}

/**
 * Streams an import: lines are read, parsed and appended a batch at a time, and reading waits
 * while a batch is written, so memory stays flat whatever the file size. Every fact has an id
 * (its own, or derived for CSV rows), so a rerun after a crash appends only what is missing.
 */
export async function runImport(body: Readable, options: ImportOptions): Promise<ImportSummary> {
  const summary: ImportSummary = { format: options.format, lines: 0, accepted: 0, appended: 0, alreadyStored: 0, rejected: 0, rejections: [], rejectionsOmitted: 0 };
  const reject = (line: number, reason: string, path?: string, id?: string) => {
    summary.rejected++;
    if (summary.rejections.length < options.maxRejections) summary.rejections.push({ line, reason, ...(id ? { id } : {}), ...(path ? { path } : {}) });
    else summary.rejectionsOmitted++;
  };

  let batch: NumberedFact[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    const outcomes = await options.writer.write(
      current.map((b) => b.fact),
      options.context(),
    );
    options.metrics?.count(outcomes, 'import');
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status === 'rejected') reject(current[i]!.line, outcome.reason ?? 'rejected', outcome.path, outcome.id || undefined);
      else if (outcome.appended) summary.appended++;
      else summary.alreadyStored++;
    }
  };
  const add = async (line: number, fact: IncomingFact) => {
    summary.lines++;
    batch.push({ line, fact });
    if (batch.length >= options.batchSize) await flush();
  };

  if (options.format === 'ndjson') {
    for await (const { number, text } of splitLines(body, options.maxLineBytes)) {
      if (text === undefined) {
        summary.lines++;
        reject(number, `line longer than ${options.maxLineBytes} bytes`);
        continue;
      }
      if (text.trim() === '') continue;
      let input: unknown;
      try {
        input = JSON.parse(text);
      } catch (error) {
        summary.lines++;
        reject(number, `invalid JSON: ${(error as Error).message}`);
        continue;
      }
      await add(number, incomingFact(input));
    }
  } else {
    await readCsv(body, options, add, (line, reason) => {
      summary.lines++;
      reject(line, reason);
    });
  }
  await flush();
  summary.accepted = summary.appended + summary.alreadyStored;
  return summary;
}

async function readCsv(
  body: Readable,
  options: ImportOptions,
  add: (line: number, fact: IncomingFact) => Promise<void>,
  reject: (line: number, reason: string) => void,
): Promise<void> {
  const type = options.type;
  if (!type) throw new HttpError(400, 'a CSV import needs the fact type of its rows: ?type=SaleRecorded');
  const known = new Set(['id', ...Object.keys((catalog[type].schema as unknown as { shape: object }).shape)]);
  const numeric = numericFields(type);
  let headerProblem: string | undefined;
  const parser = parse({
    bom: true,
    columns: (header: string[]) => {
      const columns = header.map((h) => String(h).trim());
      const unknown = columns.filter((c) => !known.has(c));
      if (unknown.length > 0) headerProblem = `unknown column(s) ${unknown.join(', ')}; ${type} has: ${[...known].join(', ')}`;
      return columns;
    },
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: options.maxLineBytes,
    info: true,
    on_skip: (error: CsvError | undefined) => {
      reject(Number(error?.lines ?? 0), `malformed CSV: ${error?.message ?? 'unreadable record'}`);
      return undefined;
    },
  });
  body.on('error', (error) => parser.destroy(error));
  body.pipe(parser);
  try {
    for await (const record of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      if (headerProblem) throw new HttpError(400, headerProblem);
      await add(record.info.lines, csvRowToFact(type, record.record, numeric));
    }
  } catch (error) {
    if (error instanceof HttpError) {
      body.unpipe(parser);
      body.resume();
    }
    throw error;
  }
  if (headerProblem) throw new HttpError(400, headerProblem);
}
