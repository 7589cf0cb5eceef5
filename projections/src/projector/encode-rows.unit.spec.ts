import { describe, expect, it } from 'vitest';
import { encodeRows } from './encode-rows.ts';

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
});
