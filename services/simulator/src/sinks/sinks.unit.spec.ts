import { PassThrough } from 'node:stream';
import { catalog, type Fact } from '@redstream/schema';
import { describe, expect, it } from 'vitest';
import { generateRegion } from '../generate-region.ts';
import { postToApi } from './http.ts';
import { writeNdjson } from './ndjson.ts';
import { toWrites } from './store.ts';

const facts: Fact[] = [...generateRegion({ seed: 4, from: '2025-03-01', to: '2025-03-04', scale: 0.001 })];

describe('toWrites', () => {
  it('keeps the global order: only consecutive facts of one stream share a write', () => {
    const writes = toWrites(facts);
    expect(writes.flatMap((w) => w.events.map((e) => e.eventId))).toEqual(facts.map((f) => f.id));
    expect(writes.every((w, i) => i === 0 || w.streamId !== writes[i - 1]!.streamId)).toBe(true);
  });

  it('stores the fact id as event id and the catalog version and sender in metadata', () => {
    const sale = facts.find((f) => f.type === 'SaleRecorded')!;
    const write = toWrites([sale])[0]!;
    expect(write.streamId).toBe(`order-${(sale.data as { orderId: string }).orderId}`);
    expect(write.events[0]).toEqual({ eventId: sale.id, type: 'SaleRecorded', data: sale.data, metadata: { schemaVersion: catalog.SaleRecorded.version, sender: 'simulator' } });
  });
});

describe('writeNdjson', () => {
  it('writes one fact per line, parseable back to the same facts', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const n = await writeNdjson(facts, out);
    out.end();
    const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\n');
    expect(n).toBe(facts.length);
    expect(lines.map((l) => JSON.parse(l))).toEqual(facts);
  });
});

describe('postToApi', () => {
  it('posts batches with the bearer key and adds up accepted and rejected results', async () => {
    const bodies: unknown[][] = [];
    const fakeFetch = (async (url: URL, init: RequestInit) => {
      expect(url.href).toBe('http://api.test/v1/events');
      expect((init.headers as Record<string, string>).authorization).toBe('Bearer k1');
      const batch = JSON.parse(String(init.body)) as Fact[];
      bodies.push(batch);
      const results = batch.map((f, i) => (i === 0 ? { id: f.id, status: 'rejected', reason: 'test', path: '$.id' } : { id: f.id, status: 'accepted' }));
      return new Response(JSON.stringify({ results }), { status: 200 });
    }) as unknown as typeof fetch;
    const result = await postToApi('http://api.test', 'k1', facts.slice(0, 250), { batchSize: 100, fetch: fakeFetch });
    expect(bodies.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(result.accepted).toBe(247);
    expect(result.rejected).toBe(3);
    expect(result.rejections[0]).toEqual({ id: facts[0]!.id, reason: 'test', path: '$.id' });
  });

  it('fails loudly on a non-2xx answer', async () => {
    const fakeFetch = (async () => new Response('no key', { status: 401 })) as unknown as typeof fetch;
    await expect(postToApi('http://api.test', 'bad', facts.slice(0, 3), { fetch: fakeFetch })).rejects.toThrow(/401/);
  });
});
