/**
 * A small lexical scanner for ClickHouse DDL: enough to split a migration into statements and to find
 * top-level keywords and balanced parentheses without being fooled by strings, quoted identifiers or
 * comments. It is not a SQL parser; the cluster DDL generator only needs these few operations.
 */

/** What each character of a statement is: code, inside a comment, or inside quotes. */
export type CharKind = 'code' | 'comment' | 'quoted';

export function classify(sql: string): CharKind[] {
  const kinds = new Array<CharKind>(sql.length).fill('code');
  let i = 0;
  const mark = (from: number, to: number, kind: CharKind): void => {
    for (let k = from; k < to; k++) kinds[k] = kind;
  };
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      mark(i, stop, 'comment');
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      mark(i, stop, 'comment');
      i = stop;
    } else if (c === "'" || c === '"' || c === '`') {
      let k = i + 1;
      while (k < sql.length) {
        if (sql[k] === '\\') {
          k += 2;
          continue;
        }
        if (sql[k] === c) {
          if (sql[k + 1] === c) {
            k += 2;
            continue;
          }
          break;
        }
        k++;
      }
      const stop = Math.min(k + 1, sql.length);
      mark(i, stop, 'quoted');
      i = stop;
    } else {
      i++;
    }
  }
  return kinds;
}

/** Splits a migration on `;` outside strings and comments; drops chunks that hold only comments. */
export function splitStatements(sql: string): string[] {
  const kinds = classify(sql);
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= sql.length; i++) {
    if (i === sql.length || (sql[i] === ';' && kinds[i] === 'code')) {
      const chunk = sql.slice(start, i);
      if (stripComments(chunk).trim() !== '') out.push(chunk.trim());
      start = i + 1;
    }
  }
  return out;
}

/** The statement with every comment replaced by one space (strings kept). */
export function stripComments(sql: string): string {
  const kinds = classify(sql);
  let out = '';
  for (let i = 0; i < sql.length; i++) {
    if (kinds[i] === 'comment') {
      if (kinds[i - 1] !== 'comment') out += ' ';
    } else {
      out += sql[i];
    }
  }
  return out;
}

/** The text of every comment in a statement, without the `--` / `/* *\/` markers. */
export function commentsOf(sql: string): string[] {
  const kinds = classify(sql);
  const out: string[] = [];
  let i = 0;
  while (i < sql.length) {
    if (kinds[i] !== 'comment') {
      i++;
      continue;
    }
    let j = i;
    while (j < sql.length && kinds[j] === 'comment') j++;
    // A run may hold several comments back to back ("-- a" then a newline is code, so runs of
    // line comments are separate; block comments may abut).
    const run = sql.slice(i, j);
    for (const m of run.matchAll(/--([^\n]*)|\/\*([\s\S]*?)(?:\*\/|$)/g)) out.push((m[1] ?? m[2] ?? '').trim());
    i = j;
  }
  return out;
}

/** Index of the parenthesis closing the `(` at `open`, honouring strings and comments. */
export function matchParen(sql: string, open: number): number {
  if (sql[open] !== '(') throw new Error(`expected "(" at offset ${open}`);
  const kinds = classify(sql);
  let depth = 0;
  for (let i = open; i < sql.length; i++) {
    if (kinds[i] !== 'code') continue;
    if (sql[i] === '(') depth++;
    else if (sql[i] === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new Error('unbalanced parentheses');
}

/** Splits `a, f(b, c), 'x,y'` on top-level commas. An empty input gives no parts. */
export function splitTopLevel(sql: string): string[] {
  const kinds = classify(sql);
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < sql.length; i++) {
    if (kinds[i] !== 'code') continue;
    const c = sql[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(sql.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = sql.slice(start).trim();
  if (last !== '' || parts.length > 0) parts.push(last);
  return parts;
}

/**
 * The first match of `re` that starts at a word boundary in code at parenthesis depth 0, at or after
 * `from`. `re` is tried anchored at each such position.
 */
export function findTopLevel(sql: string, re: RegExp, from = 0): { index: number; match: RegExpExecArray } | null {
  const kinds = classify(sql);
  const sticky = new RegExp(re.source, re.flags.replace(/[gy]/g, '') + 'y');
  let depth = 0;
  for (let i = 0; i < sql.length; i++) {
    if (kinds[i] !== 'code') continue;
    const c = sql[i];
    if (i >= from && depth === 0 && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? ' ')) {
      sticky.lastIndex = i;
      const m = sticky.exec(sql);
      if (m) return { index: i, match: m };
    }
    if (c === '(') depth++;
    else if (c === ')') depth--;
  }
  return null;
}
