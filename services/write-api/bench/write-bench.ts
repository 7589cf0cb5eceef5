/**
 * Write API benchmark: facts/s and request latency (p50/p99) for batches of 1 and of 100,
 * over real HTTP on a fresh embedded store, a few requests in flight at once.
 *   npx tsx services/write-api/bench/write-bench.ts [--facts 20000] [--concurrency 4]
 * `writeBench()` returns the figures so `npm run bench` can gather every benchmark.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sampleData } from '@redstream/domain';
import { openEmbeddedEventStore, type EventStore } from '@redstream/event-store';
import { KeyRing } from '@redstream/service-kit';
import { buildWriteApi } from '../src/write-api.ts';

export interface WriteBenchFigure {
  name: string;
  batchSize: number;
  requests: number;
  facts: number;
  factsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /**
   * The store alone, same run: the same number of sales appended straight to the store (no HTTP,
   * no validation, no decision), as many at once, in the same batches (one stream each).
   */
  storeAloneFactsPerSecond: number;
  /** storeAloneFactsPerSecond ÷ factsPerSecond: what HTTP, validation and the rules cost, as a factor. */
  ratioToStore: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function writeBench(options: { factsPerCase?: number; concurrency?: number } = {}): Promise<WriteBenchFigure[]> {
  const factsPerCase = options.factsPerCase ?? 20_000;
  const concurrency = options.concurrency ?? 4;
  const dir = mkdtempSync(join(tmpdir(), 'redstream-write-bench-'));
  const store = await openEmbeddedEventStore({ dir });
  const adminKey = 'bench-admin-key-0123456789';
  const app = await buildWriteApi({ store, keyRing: new KeyRing([], adminKey), server: { logLevel: 'warn' }, rateLimitPerMinute: 10_000_000 });
  const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/v1/events`;
  const headers = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
  const post = async (facts: unknown[]) => {
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(facts) });
    const body = (await response.json()) as { results: Array<{ status: string; reason?: string }> };
    const refused = body.results?.find((r) => r.status !== 'accepted');
    if (!response.ok || refused) throw new Error(`bench write failed: ${response.status} ${refused?.reason ?? ''}`);
  };
  let order = 0;
  const sale = () => ({ id: randomUUID(), type: 'SaleRecorded', data: { ...sampleData.SaleRecorded, orderId: `o-bench-${order++}` } });

  try {
    await post([{ id: randomUUID(), type: 'StreamerRegistered', data: sampleData.StreamerRegistered }]);
    await Promise.all(Array.from({ length: 50 }, () => post([sale()]))); // warm-up: JIT, caches, connections
    const figures: WriteBenchFigure[] = [];
    for (const batchSize of [1, 100]) {
      const requests = Math.ceil(factsPerCase / batchSize / (batchSize === 1 ? 4 : 1));
      const latencies: number[] = [];
      const seconds = await inFlight(concurrency, requests, async () => {
        const batch = Array.from({ length: batchSize }, sale);
        const t = performance.now();
        await post(batch);
        latencies.push(performance.now() - t);
      });
      latencies.sort((a, b) => a - b);
      const storeAlone = await appendAlone(store, requests, batchSize, concurrency);
      figures.push({
        name: `POST /v1/events, batch of ${batchSize}`,
        batchSize,
        requests,
        facts: requests * batchSize,
        factsPerSecond: Math.round((requests * batchSize) / seconds),
        p50Ms: Number(percentile(latencies, 50).toFixed(1)),
        p99Ms: Number(percentile(latencies, 99).toFixed(1)),
        storeAloneFactsPerSecond: Math.round(storeAlone),
        ratioToStore: Math.round((storeAlone / ((requests * batchSize) / seconds)) * 100) / 100,
      });
    }
    return figures;
  } finally {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `requests` calls of `call`, `concurrency` at a time; returns the seconds it took. */
async function inFlight(concurrency: number, requests: number, call: () => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next++;
        await call();
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

/** Facts/s of `requests` appends of `batchSize` sales, `concurrency` at once, straight to the store. */
async function appendAlone(store: EventStore, requests: number, batchSize: number, concurrency: number): Promise<number> {
  const seconds = await inFlight(concurrency, requests, async () => {
    const writes = Array.from({ length: batchSize }, () => {
      const id = randomUUID();
      return { streamId: `bench-sale-${id}`, expectedRevision: 'no_stream' as const, events: [{ eventId: id, type: 'SaleRecorded', data: { ...sampleData.SaleRecorded, orderId: id }, metadata: { schemaVersion: 2 } }] };
    });
    await store.appendMany(writes);
  });
  return (requests * batchSize) / seconds;
}

export function formatFigures(figures: WriteBenchFigure[]): string {
  const rows = figures.map((f) => `| ${f.batchSize} | ${f.requests} | ${f.facts} | ${f.factsPerSecond} | ${f.p50Ms} | ${f.p99Ms} | ${f.storeAloneFactsPerSecond} | ${f.ratioToStore}x |`);
  return ['| batch | requests | facts | facts/s | p50 ms | p99 ms | store alone facts/s | store alone ÷ API |', '|---:|---:|---:|---:|---:|---:|---:|---:|', ...rows].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { facts: { type: 'string' }, concurrency: { type: 'string' } } });
  const figures = await writeBench({ factsPerCase: Number(values.facts ?? 20_000), concurrency: Number(values.concurrency ?? 4) });
  console.log(`write API on the embedded store, ${values.concurrency ?? 4} requests in flight\n${formatFigures(figures)}`);
}
