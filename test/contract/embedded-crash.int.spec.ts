import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openEmbeddedEventStore } from '@redstream/event-store';

const BATCH = 5000;

/** Starts the writer, waits for `commits` commits, then SIGKILLs it after a random delay. */
async function killMidBatch(dir: string, commits: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/batch-writer.ts'), dir, String(BATCH)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let committed = 0;
  await new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      committed += chunk.split('\n').filter((l) => l.startsWith('committed')).length;
      if (committed >= commits) resolve();
    });
  });
  // a batch of 5,000 takes ~0.2-0.5 s here: a random delay lands inside one most of the time
  await new Promise((r) => setTimeout(r, 20 + Math.random() * 300));
  child.removeAllListeners('exit');
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGKILL');
  await exited;
  return committed;
}

it('a writer SIGKILLed in the middle of a batch leaves the whole batch or none of it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'redstream-crash-'));
  let reported = 0;
  for (let round = 1; round <= 3; round++) {
    reported = await killMidBatch(dir, 2);
    const store = await openEmbeddedEventStore({ dir });
    try {
      const head = await store.headPosition();
      expect(Number(head) % BATCH, `head ${head} is not a whole number of batches`).toBe(0);
      expect(Number(head)).toBeGreaterThanOrEqual(reported * BATCH);
      // every stream holds all of its batch, and positions have no gap
      let after = 0n;
      const perStream = new Map<string, number>();
      for (;;) {
        const page = await store.readAll({ after, maxCount: 10_000 });
        if (page.length === 0) break;
        for (const e of page) {
          expect(e.position).toBe(after + 1n);
          after = e.position;
          perStream.set(e.streamId, (perStream.get(e.streamId) ?? 0) + 1);
        }
      }
      expect(after).toBe(head);
      for (const [stream, count] of perStream) expect(count, stream).toBe(BATCH);
    } finally {
      await store.close();
    }
  }
}, 240_000);
