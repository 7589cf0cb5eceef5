import { z } from 'zod';
import { catalog, parseFact, type EventType } from '@redstream/schema';
import type { IncomingFact } from '../fact-writer.ts';
import { csvRowFactId } from './fact-ids.ts';

/**
 * A CSV row becomes a fact: columns name data fields, an optional `id` column is the fact id
 * (else derived, see fact-ids.ts), empty cells are absent fields, and cells of numeric fields
 * are read as numbers. Which fields are numeric comes from the catalog's JSON schema, so a new
 * fact type needs nothing here.
 */
export function numericFields(type: EventType): ReadonlySet<string> {
  const json = z.toJSONSchema(catalog[type].schema, { unrepresentable: 'any' }) as { properties?: Record<string, { type?: string }> };
  return new Set(Object.entries(json.properties ?? {}).filter(([, p]) => p.type === 'integer' || p.type === 'number').map(([name]) => name));
}

const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

export function csvRowToFact(type: EventType, row: Record<string, string>, numeric: ReadonlySet<string>): IncomingFact {
  const { id: givenId, ...cells } = row;
  const data: Record<string, unknown> = {};
  for (const [column, raw] of Object.entries(cells)) {
    const value = raw.trim();
    if (value === '') continue;
    // A non-numeric cell stays a string so the schema refuses it with its own message.
    data[column] = numeric.has(column) && NUMBER.test(value) ? Number(value) : value;
  }
  const id = givenId?.trim() || csvRowFactId(type, cells);
  const parsed = parseFact({ id, type, data });
  return parsed.ok ? parsed : { ...parsed, id };
}
