import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedEventStore, type EventStore } from '@redstream/event-store';
import type { ClickHouseClient } from '@clickhouse/client';
import { appendGenerated, generateEvents } from '../../test-support/generate-events.ts';
import { totalsFromClickHouse, totalsFromLog, type Totals } from '../../test-support/totals.ts';
import { openClickHouse } from '../clickhouse/open-clickhouse.ts';
import { rebuildProjections } from './rebuild.ts';

/**
 * The must-show: ≥100,000 events, the projector in a child process SIGKILLed at 5 random moments
 * (right after a random batch phase — intent written, some table written, commit — at a random
 * point of the log), restarted each time; then every ClickHouse total equals the same total
 * computed from the log, and a full rebuild gives the same numbers again. The log holds live
 * sessions with their audience, buyers and refunds (generateEvents' liveSessions), so the totals
 * include each session's orders, GMV, refunds, distinct buyers and audience as the two per-session
 * summary (migration 0012) holds them, against the same figures computed from the log.
 */
const EVENTS = 100_000;
const KILLS = 5;
const runner = join(dirname(fileURLToPath(import.meta.url)), '../../bin/run-projector.ts');
const PHASES = ['intent', 'rows:refunds_raw', 'rows:sales_raw', 'rows:streamers', 'derived:live_session_minutes', 'derived:live_session_summary', 'derived:sales_rollup_feed', 'commit'];

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  killedAt?: string;
  lines: string[];
}

function runProjector(storeDir: string, chDir: string, kill?: { afterPosition: bigint; phase: string; delayMs: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', runner, '--store', storeDir, '--clickhouse', chDir, '--batch', '4000', '--read', '2000'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const run: Run = { code: null, signal: null, lines: [] };
    createInterface({ input: child.stdout }).on('line', (line) => {
      run.lines.push(line);
      if (!kill || run.killedAt) return;
      const msg = JSON.parse(line) as { phase: string; position?: string };
      if (msg.phase === kill.phase && msg.position !== undefined && BigInt(msg.position) >= kill.afterPosition) {
        run.killedAt = `${msg.phase}@${msg.position}+${kill.delayMs}ms`;
        if (kill.delayMs === 0) child.kill('SIGKILL');
        else setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ ...run, code, signal }));
  });
}

describe('projector under SIGKILL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redstream-projector-crash-'));
  const storeDir = join(dir, 'eventstore');
  const chDir = join(dir, 'clickhouse');
  let fromLog: Totals;
  let head: bigint;
  let store: EventStore | undefined;
  let clickhouse: ClickHouseClient | undefined;

  beforeAll(async () => {
    const s = await openEmbeddedEventStore({ dir: storeDir });
    await appendGenerated(s, generateEvents(EVENTS, 7, { liveSessions: true }));
    head = await s.headPosition();
    fromLog = await totalsFromLog(s);
    await s.close(); // the child owns the store directory while it runs
  }, 300_000);

  afterAll(async () => {
    await clickhouse?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends with every ClickHouse total equal to the log, after 5 kills and after a rebuild', async () => {
    expect(fromLog.events).toBeGreaterThanOrEqual(EVENTS);
    expect(fromLog.refunds).toBeGreaterThan(1000);
    // Hundreds of sessions, with many sales each, repeat buyers, refunds, and snapshots in every batch.
    const sessions = Object.values(fromLog.bySession);
    expect(sessions.length).toBeGreaterThan(500);
    expect(sessions.reduce((n, s) => n + s[0], 0)).toBeGreaterThan(10_000);
    expect(sessions.filter((s) => s[5] < s[0]).length).toBeGreaterThan(100);
    expect(sessions.reduce((n, s) => n + s[2], 0)).toBeGreaterThan(1000);
    expect(fromLog.live[2]).toBeGreaterThan(10_000);
    const seed = Date.now() % 100_000;
    let r = seed;
    const random = () => ((r = (r * 16807) % 2147483647) / 2147483647);
    const kills: string[] = [];
    let redos = 0;
    for (let i = 0; i < KILLS; i++) {
      // Spread the kill points over the log: kill i lands in the i-th sixth, at a random spot.
      const afterPosition = (head * BigInt(Math.floor((i + random()) * 1000))) / BigInt((KILLS + 1) * 1000);
      // Kills 1 to 4 land mid-batch, so the restart must redo it: 1 right after a fact table is
      // written, 2 after the session summary got the batch (migration 0012), 3 after the seven
      // rollups got it through the feed (migration 0008), 4 after the per-session minutes got it
      // (0011), all before the commit, so each must drop the replayed block; kill 0 after a random
      // phase, maybe after a random delay (which can land inside a derived statement).
      const fixed: Record<number, string> = { 1: 'rows:sales_raw', 2: 'derived:live_session_summary', 3: 'derived:sales_rollup_feed', 4: 'derived:live_session_minutes' };
      const phase = fixed[i] ?? PHASES[Math.floor(random() * PHASES.length)]!;
      const delayMs = fixed[i] !== undefined || random() < 0.5 ? 0 : Math.floor(random() * 400);
      const run = await runProjector(storeDir, chDir, { afterPosition, phase, delayMs });
      kills.push(run.killedAt ?? `not killed (exit ${run.code})`);
      redos += run.lines.filter((l) => l.includes('"redo"')).length;
      expect(run.signal, `run ${i} (seed ${seed}): ${run.lines.slice(-3).join(' | ')}`).toBe('SIGKILL');
    }
    const last = await runProjector(storeDir, chDir);
    expect(last.code, last.lines.slice(-3).join(' | ')).toBe(0);
    redos += last.lines.filter((l) => l.includes('"redo"')).length;
    console.info(`kills (seed ${seed}): ${kills.join(', ')}; restarts that redid a pending batch: ${redos}`);
    expect(redos).toBeGreaterThanOrEqual(1);

    store = await openEmbeddedEventStore({ dir: storeDir });
    clickhouse = openClickHouse({ dataDir: chDir });
    const { rollupMismatch, ...projected } = await totalsFromClickHouse(clickhouse);
    expect(rollupMismatch).toEqual([]);
    expect(projected).toEqual(fromLog);

    const dup = await clickhouse.query({ query: 'SELECT count() AS n, uniqExact(event_id) AS u FROM sales_raw', format: 'JSONEachRow' });
    const [counts] = await dup.json<{ n: string; u: string }>();
    expect(Number(counts!.n)).toBe(Number(counts!.u));

    const rebuilt = await rebuildProjections({ store, clickhouse });
    expect(rebuilt.position).toBe(head);
    const { rollupMismatch: afterRebuildMismatch, ...afterRebuild } = await totalsFromClickHouse(clickhouse);
    expect(afterRebuildMismatch).toEqual([]);
    expect(afterRebuild).toEqual(fromLog);
  }, 900_000);
});
