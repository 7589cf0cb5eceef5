import type { Row } from '../read-models/read-model.ts';
import { yieldToLoop } from './yield-to-loop.ts';

/**
 * One table's rows of a batch, encoded once as a TabSeparated body ready to insert. A string, not
 * bytes: chDB takes the statement as one string, so bytes would be decoded again on the way in.
 */
export interface EncodedRows {
  columns: [string, ...string[]];
  rows: number;
  body: string;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value as a TabSeparated field: strings escaped, null/undefined as `\N` (column default). */
export function tsvField(v: unknown): string {
  if (typeof v === 'string') return NEEDS_ESCAPE.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : v;
  if (typeof v === 'number') return String(v);
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  throw new TypeError(`cannot encode ${typeof v} as a ClickHouse field`);
}

const COLUMN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TAB = 0x09;
const LF = 0x0a;

interface LineEncoders {
  /** Fields joined as they are (null/undefined as `\N`); right when no field needs escaping. */
  plain: (row: Row) => string;
  /** Every field through `tsvField` (escaping, type checks). */
  escaped: (row: Row, field: typeof tsvField) => string;
}
const encoders = new Map<string, LineEncoders>();

/**
 * Row → line functions compiled for one column list: fixed property reads stay monomorphic, where
 * `row[column]` over a column array is a megamorphic keyed load per field (the hot loop of a batch).
 */
function lineEncoders(columns: readonly string[]): LineEncoders {
  const key = columns.join(',');
  let enc = encoders.get(key);
  if (!enc) {
    for (const c of columns) if (!COLUMN.test(c)) throw new Error(`not a column name: ${JSON.stringify(c)}`);
    enc = {
      plain: new Function('row', `return [${columns.map((c) => `row.${c} ?? '\\\\N'`).join(', ')}].join('\\t');`) as LineEncoders['plain'],
      escaped: new Function('row', 'f', `return [${columns.map((c) => `f(row.${c})`).join(', ')}].join('\\t');`) as LineEncoders['escaped'],
    };
    encoders.set(key, enc);
  }
  return enc;
}

/** True when the body has exactly the tabs and line ends of `rows` lines of `columns` fields and no backslash or CR: no field held a character that needs escaping. */
function framedExactly(body: string, rows: number, columns: number): boolean {
  if (body.includes('\\') || body.includes('\r')) return false;
  let tabs = 0;
  let lines = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === TAB) tabs++;
    else if (c === LF) lines++;
  }
  return tabs === rows * (columns - 1) && lines === rows;
}

/**
 * Rows (all with the first row's columns, as the read models build them) → one TabSeparated body.
 * TabSeparated is cheaper to parse in ClickHouse than JSON (no tokenizing, no quotes), and cheap to
 * produce: each line is one native join, and the body is checked once for characters that would
 * need escaping (tabs, line ends, backslashes inside values) — only then is it encoded again field
 * by field with escapes. The first row always goes through the checked encoder, which rejects
 * values that are not strings, numbers or null.
 */
export function encodeRows(rows: readonly Row[], columns = Object.keys(rows[0]!) as [string, ...string[]]): EncodedRows {
  const { plain, escaped } = lineEncoders(columns);
  escaped(rows[0]!, tsvField);
  const lines = new Array<string>(rows.length + 1);
  for (let i = 0; i < rows.length; i++) lines[i] = plain(rows[i]!);
  lines[rows.length] = '';
  let body = lines.join('\n');
  if (!framedExactly(body, rows.length, columns.length)) {
    for (let i = 0; i < rows.length; i++) lines[i] = escaped(rows[i]!, tsvField);
    body = lines.join('\n');
  }
  return { columns, rows: rows.length, body };
}

/** Rows encoded between two yields to the event loop (yield-to-loop.ts). */
const ENCODE_SLICE = 5000;

/** Every non-empty table of a batch, encoded, in slices that let the event loop run between them. */
export async function encodeTables(tables: ReadonlyMap<string, readonly Row[]>): Promise<Map<string, EncodedRows>> {
  const out = new Map<string, EncodedRows>();
  for (const [table, rows] of tables) {
    if (rows.length === 0) continue;
    const first = encodeRows(rows.slice(0, ENCODE_SLICE));
    const bodies = [first.body];
    for (let i = ENCODE_SLICE; i < rows.length; i += ENCODE_SLICE) {
      await yieldToLoop();
      // In the first slice's columns: a read model may build a row's keys in another order.
      bodies.push(encodeRows(rows.slice(i, i + ENCODE_SLICE), first.columns).body);
    }
    out.set(table, { columns: first.columns, rows: rows.length, body: bodies.length === 1 ? first.body : bodies.join('') });
    await yieldToLoop();
  }
  return out;
}

/**
 * One table's rows of two consecutive batches as one body (the second's lines after the first's),
 * or undefined when their columns differ and they cannot share an INSERT. A read model may build
 * the same row in another key order for another event (an update): those lines are put in the
 * first's order (fields hold no raw tab or line end, they are escaped).
 */
export function appendRows(first: EncodedRows, second: EncodedRows): EncodedRows | undefined {
  const same = first.columns.length === second.columns.length && first.columns.every((c, i) => c === second.columns[i]);
  if (same) return { columns: first.columns, rows: first.rows + second.rows, body: first.body + second.body };
  const from = first.columns.map((c) => second.columns.indexOf(c));
  if (first.columns.length !== second.columns.length || from.includes(-1)) return undefined;
  const lines = second.body.split('\n');
  lines.pop(); // the body ends with a line end
  const body = lines.map((line) => {
    const fields = line.split('\t');
    return from.map((i) => fields[i]).join('\t');
  });
  return { columns: first.columns, rows: first.rows + second.rows, body: `${first.body}${body.join('\n')}\n` };
}
