import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { splitLines } from './lines.ts';
import { csvRowFactId, uuidV5 } from './fact-ids.ts';

const collect = async (chunks: string[], max = 10) => {
  const lines = [];
  for await (const line of splitLines(Readable.from(chunks.map((c) => Buffer.from(c))), max)) lines.push(line);
  return lines;
};

describe('splitLines', () => {
  it('splits across chunk borders, strips CR, numbers lines, keeps a last line without newline', async () => {
    expect(await collect(['ab', 'c\r\nd', '\n\né'])).toEqual([
      { number: 1, text: 'abc' },
      { number: 2, text: 'd' },
      { number: 3, text: '' },
      { number: 4, text: 'é' },
    ]);
  });

  it('reports an over-long line without its text and goes on', async () => {
    expect(await collect(['0123456789ABC', 'DEF\nok\n'])).toEqual([
      { number: 1, text: undefined },
      { number: 2, text: 'ok' },
    ]);
  });
});

describe('fact ids for CSV rows', () => {
  it('are RFC 4122 UUID v5', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('depend on type and content, not on column order or empty cells', () => {
    const id = csvRowFactId('SaleRecorded', { orderId: 'o-1', amountFen: '100', note: '' });
    expect(csvRowFactId('SaleRecorded', { amountFen: '100', orderId: 'o-1' })).toBe(id);
    expect(csvRowFactId('SaleRefunded', { orderId: 'o-1', amountFen: '100' })).not.toBe(id);
    expect(csvRowFactId('SaleRecorded', { orderId: 'o-1', amountFen: '101' })).not.toBe(id);
  });
});
