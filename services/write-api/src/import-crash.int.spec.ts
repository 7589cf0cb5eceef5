import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openEmbeddedEventStore } from '@redstream/event-store';
import { fact } from './testing/harness.ts';
import type { ImportSummary } from './api-schemas.ts';

const CHILD = fileURLToPath(new URL('./testing/import-child.ts', import.meta.url));
const LINES = 20_000;

/** Runs the child; `killAtHead` SIGKILLs it once the log head reaches that position. */
function runChild(storeDir: string, file: string, killAtHead?: number): Promise<{ killed: boolean; lastHead: number; summary?: ImportSummary }> {
  return new Promise((resolve, reject) => {
    // Node itself with tsx as a loader, not the tsx CLI: the CLI runs the script in a child process
    // of its own, which a SIGKILL of the CLI leaves running — still writing to the store while the
    // rerun opens it (PGlite then aborts on the half-written directory).
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, storeDir, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let lastHead = 0;
    let summary: ImportSummary | undefined;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('head ')) {
        lastHead = Number(line.slice(5));
        if (killAtHead !== undefined && lastHead >= killAtHead) child.kill('SIGKILL');
      } else if (line.startsWith('summary ')) summary = JSON.parse(line.slice(8)) as ImportSummary;
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ killed: signal === 'SIGKILL', lastHead, ...(summary ? { summary } : {}) }));
  });
}

describe('an import killed mid-way', () => {
  it('appends every line exactly once when run again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redstream-crash-'));
    const storeDir = join(dir, 'eventstore');
    const file = join(dir, 'facts.ndjson');
    const ids: string[] = [];
    const out = createWriteStream(file);
    const write = (value: ReturnType<typeof fact>) => {
      ids.push(value.id);
      out.write(`${JSON.stringify(value)}\n`);
    };
    write(fact('StreamerRegistered'));
    for (let i = 1; i < LINES; i++) write(fact('SaleRecorded', { orderId: `o-crash-${i}`, amountFen: i }));
    await new Promise((resolve) => out.end(resolve));

    const crashed = await runChild(storeDir, file, LINES / 4);
    expect(crashed.killed).toBe(true);
    expect(crashed.summary).toBeUndefined();
    expect(crashed.lastHead).toBeGreaterThanOrEqual(LINES / 4);
    expect(crashed.lastHead).toBeLessThan(LINES);

    const rerun = await runChild(storeDir, file);
    expect(rerun.killed).toBe(false);
    expect(rerun.summary).toMatchObject({ lines: LINES, accepted: LINES, rejected: 0 });
    expect(rerun.summary!.alreadyStored).toBeGreaterThanOrEqual(crashed.lastHead);
    expect(rerun.summary!.appended + rerun.summary!.alreadyStored).toBe(LINES);

    const store = await openEmbeddedEventStore({ dir: storeDir });
    try {
      const stored = await store.readAll({ after: 0n, maxCount: LINES * 2 });
      expect(stored).toHaveLength(LINES);
      expect(new Set(stored.map((e) => e.eventId))).toEqual(new Set(ids));
    } finally {
      await store.close();
    }
  }, 300_000);
});
