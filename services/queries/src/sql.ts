/**
 * A tiny SQL template for ClickHouse: every interpolated value becomes a `{pN:Type}` query
 * parameter bound by the server, never text in the query. Fragments (`sql` values) and
 * identifiers chosen from a fixed list (`raw`) nest; anything else is a value.
 *
 *   sql`SELECT sum(amount_fen) FROM sales_raw WHERE streamer_id = ${id}`
 *   → { query: 'SELECT … WHERE streamer_id = {p0:String}', params: { p0: id } }
 */

/** A ClickHouse parameter type, e.g. `String`, `Int64`, `Array(String)`, `Date`. */
export type ParamType = string;

export class Typed {
  constructor(
    readonly value: unknown,
    readonly type: ParamType,
  ) {}
}

/** Binds `value` with an explicit ClickHouse type: `${param(day, 'Date')}`. */
export const param = (value: unknown, type: ParamType): Typed => new Typed(value, type);

class Raw {
  constructor(readonly text: string) {}
}

/**
 * Trusted SQL text, only for identifiers and keywords picked from a fixed list in code (table
 * names, bucket functions). Refuses anything that is not a plain identifier-ish token.
 */
export function raw(text: string): Raw {
  if (!/^[A-Za-z_][\w.]*(\([\w', ]*\))?$/.test(text)) throw new Error(`raw SQL must be an identifier from code, got ${JSON.stringify(text)}`);
  return new Raw(text);
}

/**
 * A read model's table (tables.ts), named apart from the text so that a reader can point a whole
 * query at a copy of the read models: `<name><tableSuffix>` (the as-of replay's tables).
 */
type Part = { kind: 'text'; text: string } | { kind: 'value'; value: unknown; type: ParamType } | { kind: 'table'; name: string; final: boolean };

export interface CompileOptions {
  /** Appended to every read model's table name (default none: the live tables). */
  tableSuffix?: string | undefined;
}

export class SqlFragment {
  constructor(readonly parts: readonly Part[]) {}

  /** Numbers the parameters in order of appearance and renders the query text. */
  compile(options: CompileOptions = {}): { query: string; params: Record<string, unknown> } {
    const params: Record<string, unknown> = {};
    let n = 0;
    const query = this.parts
      .map((part) => {
        if (part.kind === 'text') return part.text;
        if (part.kind === 'table') return `${part.name}${options.tableSuffix ?? ''}${part.final ? ' FINAL' : ''}`;
        const name = `p${n++}`;
        params[name] = part.value;
        return `{${name}:${part.type}}`;
      })
      .join('');
    return { query, params };
  }
}

/** A read model's table, `FINAL` when its duplicates or old versions must not count (tables.ts). */
export const tableRef = (name: string, final: boolean): SqlFragment => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`a table name from code, got ${JSON.stringify(name)}`);
  return new SqlFragment([{ kind: 'table', name, final }]);
};

/** The ClickHouse type a JS value binds as, when not given with `param`. */
export function inferType(value: unknown): ParamType {
  if (typeof value === 'string') return 'String';
  if (typeof value === 'bigint') return 'Int64';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return 'Int64';
    if (Number.isFinite(value)) return 'Float64';
    throw new Error(`cannot bind ${value}`);
  }
  if (typeof value === 'boolean') return 'Bool';
  if (Array.isArray(value)) {
    if (value.length === 0) return 'Array(String)';
    const inner = inferType(value[0]);
    if (value.some((v) => inferType(v) !== inner)) throw new Error('cannot bind an array of mixed types');
    return `Array(${inner})`;
  }
  throw new Error(`cannot bind a value of type ${value === null ? 'null' : typeof value}; use param(value, type)`);
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  const parts: Part[] = [];
  strings.forEach((text, i) => {
    if (text) parts.push({ kind: 'text', text });
    if (i >= values.length) return;
    const value = values[i];
    if (value instanceof SqlFragment) parts.push(...value.parts);
    else if (value instanceof Raw) parts.push({ kind: 'text', text: value.text });
    else if (value instanceof Typed) parts.push({ kind: 'value', value: value.value, type: value.type });
    else parts.push({ kind: 'value', value, type: inferType(value) });
  });
  return new SqlFragment(parts);
}

/** Joins fragments with a separator: `join(conditions, ' AND ')`. */
export function join(fragments: readonly SqlFragment[], separator: string): SqlFragment {
  const parts: Part[] = [];
  fragments.forEach((fragment, i) => {
    if (i > 0) parts.push({ kind: 'text', text: separator });
    parts.push(...fragment.parts);
  });
  return new SqlFragment(parts);
}

/** `WHERE a AND b …`, or nothing when there are no conditions. */
export const where = (conditions: readonly SqlFragment[]): SqlFragment =>
  conditions.length === 0 ? sql`` : sql`WHERE ${join(conditions, ' AND ')}`;

/** `a AND b …`, or `1` when there are none (for use after an existing WHERE or in JOIN … ON). */
export const and = (conditions: readonly SqlFragment[]): SqlFragment => (conditions.length === 0 ? sql`1` : join(conditions, ' AND '));
