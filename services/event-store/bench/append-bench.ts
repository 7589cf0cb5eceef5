import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openEmbeddedEventStore } from '../src/index.ts';

export interface AppendFigures {
  /** Batches of 500 events to one stream each. */
  batchedEventsPerSecond: number;
  /** Batches of 500 one-event streams (an import of orders), through appendMany. */
  batchedManyStreamsEventsPerSecond: number;
  singleAppendP50Ms: number;
  singleAppendP99Ms: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** A realistic event body: a SaleRecorded-sized payload. */
const saleEvent = (i: number) => ({
  eventId: randomUUID(),
  type: 'SaleRecorded',
  data: { orderId: `o-${i}`, streamerId: `s-${i % 500}`, occurredAt: '2025-06-18T20:15:00+08:00', product: '沂蒙山苹果 5斤', category: '农产品', quantity: 1, amountFen: 3990 },
  metadata: { schemaVersion: 2, sender: 'bench' },
});

/** Appends to a fresh embedded store: batches of 500 across order streams, then single appends. */
export async function benchAppends(options: { events?: number; singles?: number } = {}): Promise<AppendFigures> {
  const total = options.events ?? 100_000;
  const singles = options.singles ?? 2_000;
  const dir = mkdtempSync(join(tmpdir(), 'redstream-append-bench-'));
  const store = await openEmbeddedEventStore({ dir });
  try {
    const batchSize = 500;
    let started = performance.now();
    for (let done = 0; done < total; done += batchSize) {
      await store.append(`bench-${done}`, Array.from({ length: batchSize }, (_, i) => saleEvent(done + i)), 'no_stream');
    }
    const batchedEventsPerSecond = Math.round(total / ((performance.now() - started) / 1000));
    started = performance.now();
    for (let done = 0; done < total; done += batchSize) {
      await store.appendMany(
        Array.from({ length: batchSize }, (_, i) => ({ streamId: `order-${done + i}`, events: [saleEvent(done + i)], expectedRevision: 'no_stream' as const })),
      );
    }
    const batchedManyStreamsEventsPerSecond = Math.round(total / ((performance.now() - started) / 1000));
    const latencies: number[] = [];
    for (let i = 0; i < singles; i++) {
      const t = performance.now();
      await store.append(`single-${i}`, [saleEvent(i)], 'no_stream');
      latencies.push(performance.now() - t);
    }
    latencies.sort((a, b) => a - b);
    return { batchedEventsPerSecond, batchedManyStreamsEventsPerSecond, singleAppendP50Ms: +percentile(latencies, 50).toFixed(2), singleAppendP99Ms: +percentile(latencies, 99).toFixed(2) };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  const figures = await benchAppends({ events: z.object({ BENCH_EVENTS: z.coerce.number().int().positive().default(100_000) }).parse(process.env).BENCH_EVENTS });
  console.table({
    'batched appends (events/s, batches of 500)': { measured: figures.batchedEventsPerSecond, target: '>= 20000' },
    'batched appends, 500 streams a batch (events/s)': { measured: figures.batchedManyStreamsEventsPerSecond, target: '' },
    'single append p50 (ms)': { measured: figures.singleAppendP50Ms, target: '' },
    'single append p99 (ms)': { measured: figures.singleAppendP99Ms, target: '' },
  });
}
