/**
 * Dev tool: process CPU per phase (read, decode, map + encode, insert: facts then derived rollups),
 * batch by batch, without pipelining, on a generated store kept in the temp directory between runs
 * (or REDSTREAM_BENCH_STORE, e.g. the catch-up bench's).
 *   tsx projections/bench/profile-phases.ts [events=200000]   (BATCH=50000; PER_TABLE=1: one statement per rollup)
 */
import { z } from 'zod';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedEventStore, type RecordedEvent } from '@redstream/event-store';
import { appendGenerated, generateEvents } from '../test-support/generate-events.ts';
import { migrate, openClickHouse } from '../src/index.ts';
import { mapEvents, toProjected } from '../src/projector/map-batch.ts';
import { ProjectionState } from '../src/model/state.ts';
import { DERIVED_TABLES, READ_MODELS } from '../src/read-models/index.ts';
import { applyBatch } from '../src/projector/apply-batch.ts';
import { encodeTables } from '../src/projector/encode-rows.ts';

const n = Number(process.argv[2] ?? 200_000);
// This hand-run tool's settings, checked once: a bad BATCH is an error naming it, not NaN.
const env = z
  .object({
    REDSTREAM_BENCH_STORE: z.string().min(1).optional(),
    BATCH: z.coerce.number().int().positive().default(50_000),
    PER_TABLE: z.string().optional(),
  })
  .parse(process.env);
const storeDir = env.REDSTREAM_BENCH_STORE ?? join(tmpdir(), `redstream-profile-store-${n}`);
const fresh = !existsSync(storeDir);
const store = await openEmbeddedEventStore({ dir: storeDir });
if (fresh) await appendGenerated(store, generateEvents(n, 1), 5000);
const chDir = mkdtempSync(join(tmpdir(), 'redstream-profile-ch-'));
const ch = openClickHouse({ dataDir: chDir });
await migrate(ch);
const batch = env.BATCH;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const acc = { read: 0, decode: 0, map: 0, insertCpu: 0, insertWall: 0, factsWall: 0, derivedWall: 0, derivedCpu: 0, statements: 0 };
const state = new ProjectionState({ orderCache: 300_000 });
let seq = 0n;
let after = 0n;
const t0 = performance.now();
for (;;) {
  let c = cpu();
  const events: RecordedEvent[] = [];
  const from = after;
  while (events.length < batch) {
    const p = await store.readAll({ after, maxCount: 10_000 });
    if (p.length === 0) break;
    for (const e of p) events.push(e);
    after = p[p.length - 1]!.position;
  }
  if (events.length === 0) break;
  acc.read += cpu() - c; c = cpu();
  const projected = events.map(toProjected);
  acc.decode += cpu() - c; c = cpu();
  const tables = await encodeTables(mapEvents(projected, state, READ_MODELS));
  acc.map += cpu() - c; c = cpu();
  const w = performance.now();
  // PER_TABLE=1: each rollup its own INSERT … SELECT, as before the feed (migration 0008).
  const derived = new Map(DERIVED_TABLES.map((d) => (d.feed && !env.PER_TABLE ? [d.feed.table, d.feed.insert(from, after)] : [d.table, d.insert(from, after, (x) => x)])));
  let factsDone = w;
  let factsCpu = c;
  await applyBatch(ch, { projection: 'p', from, to: after, tables, tableName: (x) => x, derived }, () => ++seq, (phase) => {
    acc.statements++;
    if (phase.startsWith('rows:')) { factsDone = performance.now(); factsCpu = cpu(); }
  });
  acc.derivedCpu += cpu() - factsCpu;
  acc.insertCpu += cpu() - c; acc.insertWall += performance.now() - w;
  acc.factsWall += factsDone - w; acc.derivedWall += performance.now() - factsDone;
}
const total = performance.now() - t0;
console.log(JSON.stringify({ n, totalWall: total | 0, eventsPerSecondSequential: Math.round(n / (total / 1000)), ...Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, v | 0])) }));
await ch.close();
await store.close();
rmSync(chDir, { recursive: true, force: true });
