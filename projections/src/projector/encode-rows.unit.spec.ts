import { describe, expect, it } from 'vitest';
import { appendRows, encodeRows, encodeTables } from './encode-rows.ts';

describe('encodeRows (TabSeparated bodies)', () => {
  it('writes plain rows as tab-joined lines, null and undefined as \\N', () => {
    const e = encodeRows([
      { id: 'a', n: 1, at: null },
      { id: '主播', n: 2.5, at: undefined },
    ]);
    expect(e.columns).toEqual(['id', 'n', 'at']);
    expect(e.rows).toBe(2);
    expect(e.body.toString()).toBe('a\t1\t\\N\n主播\t2.5\t\\N\n');
  });

  it('escapes tabs, line ends and backslashes inside values', () => {
    const e = encodeRows([
      { id: 'x', text: 'plain' },
      { id: 'y', text: 'a\tb\nc\\d\re' },
    ]);
    expect(e.body.toString()).toBe('x\tplain\ny\ta\\tb\\nc\\\\d\\re\n');
  });

  it('rejects values that are neither strings, numbers nor null', () => {
    expect(() => encodeRows([{ id: 'x', at: new Date(0) }])).toThrow(TypeError);
  });

  it('encodes every slice of a large table in the first row’s columns, whatever order a row built its keys in', async () => {
    const rows = Array.from({ length: 5_002 }, (_, i) => (i < 5_000 ? { id: `a${i}`, n: i } : { n: i, id: `a${i}` }));
    const body = (await encodeTables(new Map([['t', rows]]))).get('t')!.body;
    expect(body.split('\n').slice(4_999, 5_002)).toEqual(['a4999\t4999', 'a5000\t5000', 'a5001\t5001']);
  });
});

describe('appendRows (two consecutive batches as one INSERT)', () => {
  it('appends the second body when the columns are the same', () => {
    expect(appendRows(encodeRows([{ id: 'a', n: 1 }]), encodeRows([{ id: 'b', n: 2 }]))).toEqual({ columns: ['id', 'n'], rows: 2, body: 'a\t1\nb\t2\n' });
  });

  it('puts the second’s fields in the first’s column order when the same columns come in another order', () => {
    const second = encodeRows([
      { n: 2, id: 'b', note: 'x\ty' },
      { n: 3, id: 'c', note: null },
    ]);
    expect(appendRows(encodeRows([{ id: 'a', n: 1, note: 'z' }]), second)).toEqual({ columns: ['id', 'n', 'note'], rows: 3, body: 'a\t1\tz\nb\t2\tx\\ty\nc\t3\t\\N\n' });
  });

  it('refuses other columns', () => {
    expect(appendRows(encodeRows([{ id: 'a', n: 1 }]), encodeRows([{ id: 'b', m: 2 }]))).toBeUndefined();
    expect(appendRows(encodeRows([{ id: 'a', n: 1 }]), encodeRows([{ id: 'b', n: 2, m: 3 }]))).toBeUndefined();
  });
});
