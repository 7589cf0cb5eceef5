import { z } from 'zod';
import { EVENT_TYPES, catalog, type EventType } from '@redstream/schema';

/**
 * The write API's request and response shapes, in zod: the OpenAPI document at /docs is
 * generated from these and from the event catalog, so docs and validation share one source.
 */
const factOf = (type: EventType) =>
  z
    .object({
      id: z.uuid().describe('Idempotency key: the same id sent again returns its first result and appends nothing'),
      type: z.literal(type),
      data: catalog[type].schema,
    })
    .describe(`${type} — family ${catalog[type].family}`);

export const FactDoc = z.union(EVENT_TYPES.map(factOf) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);

export const FactBatchDoc = z.array(FactDoc).describe('Facts, each validated and decided on its own; results come back in this order');

export const FactResultSchema = z.object({
  id: z.string(),
  status: z.enum(['accepted', 'rejected']),
  position: z.number().int().optional().describe('Position in the global log (accepted facts)'),
  reason: z.string().optional().describe('Why it was rejected: a rule id (`order.refund-exceeds-amount: …`) or a schema problem'),
  path: z.string().optional().describe('JSON path of the offending value, e.g. $.data.amountFen'),
});

export const EventsResponse = z.object({ results: z.array(FactResultSchema) });

/** 422: not one fact of the request was accepted; the per-fact results say why for each. */
export const EventsRejectedResponse = EventsResponse.extend({ error: z.string(), message: z.string() });

export const ErrorResponse = z.object({ error: z.string(), message: z.string() });

export const ImportQuery = z.object({
  type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]).optional().describe('Fact type of every row (CSV only; required there)'),
  format: z.enum(['ndjson', 'csv']).optional().describe('Overrides the format told by the content type'),
});

export const ImportResponse = z.object({
  format: z.enum(['ndjson', 'csv']),
  lines: z.number().int().describe('Data lines read (CSV: without the header)'),
  accepted: z.number().int().describe('appended + alreadyStored'),
  appended: z.number().int(),
  alreadyStored: z.number().int().describe('Facts whose id was stored before (a rerun of an interrupted import)'),
  rejected: z.number().int(),
  rejections: z.array(z.object({ line: z.number().int(), id: z.string().optional(), reason: z.string(), path: z.string().optional() })),
  rejectionsOmitted: z.number().int().describe('Rejections beyond the listed ones'),
});
export type ImportSummary = z.infer<typeof ImportResponse>;

/** 422: an import in which no line was accepted. */
export const ImportRejectedResponse = ImportResponse.extend({ error: z.string(), message: z.string() });

export const errorResponses = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 413: ErrorResponse, 415: ErrorResponse, 429: ErrorResponse };
