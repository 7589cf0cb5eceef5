import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScale } from '../bench/scale.ts';
import { loadBenchEnv } from '../env.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

interface Row {
  figure: string;
  measured: string;
  target: string;
}

interface Benchmark {
  name: string;
  module: string;
  exportName: string;
  options?: unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each benchmark's own figures, read by its own row builder
  rows: (figures: any) => Row[];
}

const n = (v: number) => Math.round(v).toLocaleString('en-US');
const ms = (v: number) => (Math.round(v * 10) / 10).toString();

/**
 * Every benchmark of the project, each in its own process, then one table beside DESIGN.md's
 * targets. `BENCH_QUICK=1` runs smaller sizes (a smoke run); the README's figures come from a
 * full run.
 */
function benchmarks(quick: boolean): Benchmark[] {
  return [
    {
      name: 'event store appends',
      module: 'services/event-store/bench/append-bench.ts',
      exportName: 'benchAppends',
      options: { events: quick ? 20_000 : 100_000 },
      rows: (f) => [
        { figure: 'appends to the embedded store, batched (500/stream)', measured: `${n(f.batchedEventsPerSecond)} events/s`, target: '≥ 20,000 events/s' },
        { figure: 'appends, batches of 500 one-event streams', measured: `${n(f.batchedManyStreamsEventsPerSecond)} events/s`, target: '' },
        { figure: 'single append p50 / p99', measured: `${f.singleAppendP50Ms} / ${f.singleAppendP99Ms} ms`, target: '' },
      ],
    },
    {
      name: 'write API',
      module: 'services/write-api/bench/write-bench.ts',
      exportName: 'writeBench',
      options: { factsPerCase: quick ? 2_000 : 20_000 },
      rows: (figures: { clients: number; batchSize: number; factsPerSecond: number; p50Ms: number; p95Ms: number; p99Ms: number; storeAloneFactsPerSecond: number; ratioToStore: number }[]) =>
        figures.map((f) => ({
          figure: `write API, ${f.clients} clients × ${f.batchSize === 1 ? 'one fact' : `${f.batchSize} facts`} per request: facts/s, p50 / p95 / p99; ÷ store alone (same run)`,
          measured: `${n(f.factsPerSecond)} facts/s, ${f.p50Ms} / ${f.p95Ms} / ${f.p99Ms} ms; store alone ${n(f.storeAloneFactsPerSecond)} facts/s = ${f.ratioToStore}x`,
          target: f.batchSize === 1 ? '≥ 5,000 facts/s, p99 ≤ 50 ms' : '',
        })),
    },
    {
      name: 'projector catch-up',
      module: 'projections/bench/catch-up-bench.ts',
      exportName: 'benchCatchUp',
      options: { events: quick ? 100_000 : 1_000_000 },
      rows: (f) => [
        { figure: `projector catch-up, embedded store → chDB (${n(f.events)} events)`, measured: `${n(f.eventsPerSecond)} events/s`, target: '≥ 100,000 events/s' },
        {
          figure: 'catch-up ÷ ClickHouse alone (same rows from Native files) / ÷ reading the log alone',
          measured: `${f.ratioToClickhouse}x / ${f.ratioToStoreRead}x`,
          target: '≤ 2x ClickHouse alone',
        },
      ],
    },
    {
      name: 'dashboard queries',
      module: 'services/graphql-api/bench/dashboard-bench.ts',
      exportName: 'runDashboardBench',
      // Audience snapshots beside the orders (issue 15: 10 M orders plus 50 M snapshots is the scale
      // run: BENCH_SNAPSHOTS=50000000 npm run bench -- dashboard).
      options: { orders: quick ? 1_000_000 : 10_000_000, snapshots: loadBenchEnv().BENCH_SNAPSHOTS ?? (quick ? 1_000_000 : 10_000_000), rounds: quick ? 5 : 20 },
      rows: (f) => [
        {
          figure: `dashboard GraphQL queries over ${n(f.orders)} orders and ${n(f.snapshots)} audience snapshots (${n(f.sessions)} sessions), p50 / p95`,
          measured: `${ms(f.overall.p50)} / ${ms(f.overall.p95)} ms`,
          target: 'p95 ≤ 100 ms',
        },
        {
          figure: '  sales questions, p50 / p95; ÷ the same answered from the raw fact tables alone (same rounds, answers equal)',
          measured: `${ms(f.againstRaw.p50)} / ${ms(f.againstRaw.p95)} ms; raw ${ms(f.againstRaw.rawP50)} / ${ms(f.againstRaw.rawP95)} ms = ${(f.againstRaw.p50 / f.againstRaw.rawP50).toFixed(2)}x / ${(f.againstRaw.p95 / f.againstRaw.rawP95).toFixed(2)}x`,
          target: '',
        },
        ...(f.queries as { name: string; p50: number; p95: number }[])
          .filter((q) => q.name.startsWith('live'))
          .map((q) => ({ figure: `  ${q.name} p50 / p95`, measured: `${ms(q.p50)} / ${ms(q.p95)} ms`, target: '' })),
        ...(f.rssMb ? [{ figure: `process resident memory with ${n(f.orders)} orders`, measured: `${n(f.rssMb)} MB`, target: '≤ 1.5 GB' }] : []),
      ],
    },
    {
      name: 'live push latency',
      module: 'services/screen/bench/push-latency.ts',
      exportName: 'benchPushLatency',
      options: { rate: 500, seconds: quick ? 10 : 30 },
      rows: (f) => [{ figure: `fact accepted → pushed to a screen at ${f.rate} facts/s, p50 / p95 / p99`, measured: `${ms(f.p50Ms)} / ${ms(f.p95Ms)} / ${ms(f.p99Ms)} ms (${f.pushesPerSecond} pushes/s, load ${f.loadAverage.join(' → ')})`, target: 'p95 ≤ 300 ms, p99 ≤ 600 ms' }],
    },
  ];
}

function runOne(b: Benchmark): Promise<unknown> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'services/cli/src/bench/run-one.ts'), join(root, b.module), b.exportName, JSON.stringify(b.options ?? {})], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      process.stderr.write(chunk);
    });
    child.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code === 0) {
        try {
          return resolvePromise(JSON.parse(last));
        } catch {
          // fall through
        }
      }
      reject(new Error(`${b.name} exited with ${code}`));
    });
  });
}

export async function run(args: string[]): Promise<void> {
  if (args.includes('--scale')) return runScale(root, loadBenchEnv().BENCH_SCALE_ORDERS, loadBenchEnv().BENCH_LOCK_FILE);
  const quick = args.includes('--quick') || loadBenchEnv().BENCH_QUICK;
  const only = args.filter((a) => !a.startsWith('--'));
  const rows: Row[] = [];
  for (const b of benchmarks(quick)) {
    if (only.length && !only.some((o) => b.name.includes(o))) continue;
    if (!existsSync(join(root, b.module))) {
      rows.push({ figure: b.name, measured: 'no benchmark yet', target: '' });
      continue;
    }
    console.error(`\n== ${b.name} ==`);
    try {
      rows.push(...b.rows(await runOne(b)));
    } catch (error) {
      rows.push({ figure: b.name, measured: `failed: ${(error as Error).message}`, target: '' });
    }
  }
  const widths = [0, 1, 2].map((i) => Math.max(...[['figure', 'measured', 'target'], ...rows.map((r) => [r.figure, r.measured, r.target])].map((cells) => cells[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\n${line(['figure', 'measured', 'target'])}\n${line(widths.map((w) => '-'.repeat(w)))}`);
  for (const r of rows) console.log(line([r.figure, r.measured, r.target]));
}
