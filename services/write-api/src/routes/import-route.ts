import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { catalog } from '@redstream/schema';
import { HttpError, errorBody, requireRole, writeRefusal } from '@redstream/service-kit';
import { ImportQuery, ImportRejectedResponse, ImportResponse, errorResponses } from '../api-schemas.ts';
import type { FactWriter } from '../fact-writer.ts';
import { runImport } from '../import/run-import.ts';
import type { WriteMetrics } from '../write-metrics.ts';

const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/json-seq'];
const CSV_TYPES = ['text/csv', 'application/csv'];

export interface ImportRouteOptions {
  writer: FactWriter;
  clock: () => Date;
  metrics: WriteMetrics;
  batchSize: number;
  maxRejections: number;
  maxLineBytes: number;
}

/**
 * `POST /v1/import`: the body is handed over as a stream (no body limit, no buffering) and read
 * a batch at a time. Must be registered in its own encapsulated scope: the raw-stream content
 * type parsers are for this route only.
 */
export function registerImportRoute(app: FastifyInstance, deps: ImportRouteOptions): void {
  app.addContentTypeParser([...NDJSON_TYPES, ...CSV_TYPES], (_request, payload, done) => done(null, payload));
  app.post(
    '/v1/import',
    {
      preHandler: requireRole('writer'),
      schema: {
        summary: 'Bulk import facts (NDJSON or CSV), streamed',
        description:
          'NDJSON (`application/x-ndjson`): one fact `{ id, type, data }` per line. CSV (`text/csv`): one fact type per file, given as `?type=`, ' +
          'a header row naming data fields, optional `id` column (otherwise a UUID v5 of type and row content is used, so a rerun appends nothing twice). ' +
          'Facts are appended in batches; the answer counts them and lists rejected lines with their reason. Facts outside the key scope are rejected lines.',
        tags: ['write'],
        security: [{ bearer: [] }],
        querystring: ImportQuery,
        // Documents the streamed body; the raw stream passes through untouched.
        body: z.any().describe('NDJSON: one fact { id, type, data } per line. CSV: header row of data field names, optional id column.'),
        consumes: [...NDJSON_TYPES, ...CSV_TYPES],
        response: { 200: ImportResponse, 422: ImportRejectedResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const query = request.query as { type?: keyof typeof catalog; format?: 'ndjson' | 'csv' };
      const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (![...NDJSON_TYPES, ...CSV_TYPES].includes(contentType)) {
        throw new HttpError(415, `unsupported content type ${JSON.stringify(contentType)} for an import: send application/x-ndjson or text/csv`);
      }
      const format = query.format ?? (CSV_TYPES.includes(contentType) ? 'csv' : 'ndjson');
      const principal = request.principal!;
      if (format === 'csv') {
        if (!query.type) throw new HttpError(400, 'a CSV import needs the fact type of its rows: ?type=SaleRecorded');
        const refusal = writeRefusal(principal, catalog[query.type].family, principal.regionCode);
        if (refusal) return reply.status(403).send(errorBody(403, refusal));
      }
      const summary = await runImport(request.body as Readable, {
        format,
        type: query.type,
        writer: deps.writer,
        metrics: deps.metrics,
        context: () => ({ principal, correlationId: request.id, now: deps.clock(), scopeRefusal: 'fact' }),
        batchSize: deps.batchSize,
        maxRejections: deps.maxRejections,
        maxLineBytes: deps.maxLineBytes,
      });
      if (summary.lines === 0) throw new HttpError(400, `the ${format === 'csv' ? 'CSV holds no data rows' : 'NDJSON body holds no lines'}`);
      if (summary.accepted === 0) {
        return reply.status(422).send({ ...errorBody(422, `none of the ${summary.lines} lines was accepted; see rejections`), ...summary });
      }
      return summary;
    },
  );
}
