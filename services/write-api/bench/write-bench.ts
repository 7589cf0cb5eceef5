/**
 * Write API benchmark: facts/s and request latency (p50/p95/p99) over real HTTP on a fresh
 * embedded store, beside the store alone (the same appends without HTTP) as a ratio. Two shapes:
 * 50 clients each sending one fact per request (group commit across requests carries this), and
 * 4 clients sending batches of 100. The clients run in a child process, so the server keeps its
 * thread as it would with clients on other machines.
 *   npx tsx services/write-api/bench/write-bench.ts [--facts 20000] [--clients 50]
 * `writeBench()` returns the figures so `npm run bench` can gather every benchmark.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sampleData } from '@redstream/domain';
import { openEmbeddedEventStore, type EventStore, type StreamWrite } from '@redstream/event-store';
import { KeyRing } from '@redstream/service-kit';
import { buildWriteApi } from '../src/write-api.ts';
import type { LoadJob, LoadResult } from './load-client.ts';

export interface WriteBenchFigure {
  name: string;
  clients: number;
  batchSize: number;
  requests: number;
  facts: number;
  factsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /**
   * The store alone, same run: the same number of sales appended straight to the store (no HTTP,
   * no validation, no decision), one stream each, in commits of `clients × batchSize` events —
   * the most the store can take from that many clients at once.
   */
  storeAloneFactsPerSecond: number;
  /** storeAloneFactsPerSecond ÷ factsPerSecond: what HTTP, validation and the rules cost, as a factor. */
  ratioToStore: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const oneDecimal = (v: number) => Math.round(v * 10) / 10;

function load(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // The parent's execArgv carries tsx's loader (npx tsx, node --import tsx) to the child.
    const child = fork(fileURLToPath(new URL('./load-client.ts', import.meta.url)), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (result) => resolve(result as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`load client exited with ${code}`)));
    child.send(job);
  });
}

export async function writeBench(options: { factsPerCase?: number; clients?: number } = {}): Promise<WriteBenchFigure[]> {
  const factsPerCase = options.factsPerCase ?? 20_000;
  const dir = mkdtempSync(join(tmpdir(), 'redstream-write-bench-'));
  const store = await openEmbeddedEventStore({ dir, thread: 'worker' }); // as the platform runs it
  const adminKey = 'bench-admin-key-0123456789';
  const app = await buildWriteApi({ store, keyRing: new KeyRing([], adminKey), server: { logLevel: 'warn' }, rateLimitPerMinute: 10_000_000 });
  const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/v1/events`;
  const run = async (clients: number, batchSize: number, requests: number, prefix: string) => {
    const result = await load({ url, key: adminKey, clients, batchSize, requests, prefix });
    if (result.failures.length > 0) throw new Error(`bench write failed (${result.failures.length}×): ${result.failures[0]}`);
    return result;
  };

  try {
    const registered = await app.inject({ method: 'POST', url: '/v1/events', headers: { authorization: `Bearer ${adminKey}` }, payload: [{ id: randomUUID(), type: 'StreamerRegistered', data: sampleData.StreamerRegistered }] });
    if (registered.statusCode !== 200) throw new Error(`bench set-up failed: ${registered.body}`);
    await run(options.clients ?? 50, 1, 2_000, 'o-warm'); // JIT, caches, connections
    const figures: WriteBenchFigure[] = [];
    for (const [clients, batchSize] of [
      [options.clients ?? 50, 1],
      [4, 100],
    ] as const) {
      const requests = Math.ceil(factsPerCase / batchSize);
      const { seconds, latenciesMs } = await run(clients, batchSize, requests, `o-${clients}x${batchSize}`);
      latenciesMs.sort((a, b) => a - b);
      const facts = requests * batchSize;
      const storeAlone = await appendAlone(store, facts, clients * batchSize);
      figures.push({
        name: `POST /v1/events, ${clients} clients, ${batchSize === 1 ? 'one fact' : `${batchSize} facts`} per request`,
        clients,
        batchSize,
        requests,
        facts,
        factsPerSecond: Math.round(facts / seconds),
        p50Ms: oneDecimal(percentile(latenciesMs, 50)),
        p95Ms: oneDecimal(percentile(latenciesMs, 95)),
        p99Ms: oneDecimal(percentile(latenciesMs, 99)),
        storeAloneFactsPerSecond: Math.round(storeAlone),
        ratioToStore: Math.round((storeAlone / (facts / seconds)) * 100) / 100,
      });
    }
    return figures;
  } finally {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Facts/s of `facts` sales appended straight to the store, one stream each, `perCommit` to a commit. */
async function appendAlone(store: EventStore, facts: number, perCommit: number): Promise<number> {
  const started = performance.now();
  for (let done = 0; done < facts; done += perCommit) {
    const writes: StreamWrite[] = Array.from({ length: Math.min(perCommit, facts - done) }, () => {
      const id = randomUUID();
      const metadata = { schemaVersion: 2, sender: 'admin', correlationId: id, causationId: id, acceptedAt: new Date().toISOString(), validated: true };
      return { streamId: `bench-sale-${id}`, expectedRevision: 'no_stream', events: [{ eventId: id, type: 'SaleRecorded', data: { ...sampleData.SaleRecorded, orderId: id }, metadata }] };
    });
    await store.appendMany(writes);
  }
  return facts / ((performance.now() - started) / 1000);
}

export function formatFigures(figures: WriteBenchFigure[]): string {
  const rows = figures.map((f) => `| ${f.clients} | ${f.batchSize} | ${f.facts} | ${f.factsPerSecond} | ${f.p50Ms} | ${f.p95Ms} | ${f.p99Ms} | ${f.storeAloneFactsPerSecond} | ${f.ratioToStore}x |`);
  return ['| clients | facts/request | facts | facts/s | p50 ms | p95 ms | p99 ms | store alone facts/s | store alone ÷ API |', '|---:|---:|---:|---:|---:|---:|---:|---:|---:|', ...rows].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { facts: { type: 'string' }, clients: { type: 'string' } } });
  const figures = await writeBench({ factsPerCase: Number(values.facts ?? 20_000), clients: Number(values.clients ?? 50) });
  console.log(`write API on the embedded store (load ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')})\n${formatFigures(figures)}`);
}
