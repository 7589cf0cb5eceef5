/**
 * The scale run (issue 17; `npm run bench -- --scale`, not part of the default run): the
 * dashboard over 1 M, 10 M and 100 M orders, each size in a process of its own (chDB binds one
 * data directory per process, and each size's resident memory is its own), then one table — a
 * row per size: dashboard p50 / p95, peak resident memory, bytes on disk per order — beside the
 * targets at 100 M (p95 ≤ 100 ms, resident memory ≤ 2 GB).
 * `BENCH_SCALE_ORDERS=1000000,10000000` picks the sizes; `BENCH_LOCK_FILE` makes the timed part wait for a lock.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { ScaleResult } from '../../../graphql-api/bench/scale-bench.ts';

const n = (v: number) => Math.round(v).toLocaleString('en-US');
const ms = (v: number) => (Math.round(v * 10) / 10).toString();
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

/** Runs one size in a child process (run-one.ts) and returns its figures, its output passed through to stderr. */
function runSize(root: string, orders: number, rounds: number, lockFile: string | undefined): Promise<ScaleResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'services/cli/src/bench/run-one.ts'), join(root, 'services/graphql-api/bench/scale-bench.ts'), 'runScaleBench', JSON.stringify({ orders, rounds, lockFile })],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      process.stderr.write(chunk);
    });
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`the ${n(orders)}-order run exited with ${code}`));
      try {
        resolvePromise(JSON.parse(out.trim().split('\n').at(-1) ?? '') as ScaleResult);
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}

export async function runScale(root: string, sizes: readonly number[], lockFile?: string): Promise<void> {
  const lines = ['| orders | dashboard p50 / p95 | peak resident memory, queries (loading) | disk per order (facts + rollups) | generated in | load average while timed |', '|---|---|---|---|---|---|'];
  for (const orders of sizes) {
    console.error(`\n== scale: ${n(orders)} orders (load average ${load()}) ==`);
    const rounds = orders >= 100_000_000 ? 10 : 20;
    try {
      const f = await runSize(root, orders, rounds, lockFile);
      lines.push(
        `| ${n(f.orders)} | ${ms(f.overall.p50)} / ${ms(f.overall.p95)} ms (${f.overall.count} queries) | ${n(f.queryPeakRssMb)} MB (${n(f.lifetimePeakRssMb)} MB) | ${f.bytesPerOrder.total} B (${f.bytesPerOrder.facts} + ${f.bytesPerOrder.rollups}) | ${n(f.loadSeconds)} s | ${f.loadAverage.join(' → ')} |`,
      );
    } catch (error) {
      lines.push(`| ${n(orders)} | failed: ${(error as Error).message} | | | | |`);
    }
  }
  console.log(`\n${lines.join('\n')}\n\ntargets at 100,000,000 orders: dashboard p95 ≤ 100 ms, resident memory ≤ 2 GB`);
}
