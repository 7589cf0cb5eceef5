import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DirectoryInUse, openEmbeddedEventStore, WrongExpectedRevision } from '@redstream/event-store';
import { eventStoreContract } from './event-store.contract.ts';

// PGlite on the calling thread (tests, profile tools) and on a worker thread (the platform).
for (const thread of ['current', 'worker'] as const) {
  const dir = mkdtempSync(join(tmpdir(), `redstream-contract-${thread}-`));
  const openEmbedded = (options: { dir: string }) => openEmbeddedEventStore({ ...options, thread });
  eventStoreContract(`embedded (PGlite, ${thread} thread)`, () => openEmbedded({ dir }));

  describe(`embedded store only (${thread} thread)`, () => {
    it('appends several streams in one transaction: one conflict stores nothing of the batch', async () => {
      const store = await openEmbedded({ dir: join(dir, 'many') });
      try {
        const ev = (n: number) => ({ eventId: crypto.randomUUID(), type: 'T', data: { n }, metadata: { schemaVersion: 1, sender: 't' } });
        await store.append('x-1', [ev(0)], 'no_stream');
        const head = await store.headPosition();
        await expect(
          store.appendMany([
            { streamId: 'x-2', events: [ev(1)], expectedRevision: 'no_stream' },
            { streamId: 'x-1', events: [ev(2)], expectedRevision: 'no_stream' },
          ]),
        ).rejects.toBeInstanceOf(WrongExpectedRevision);
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream('x-2')).toEqual([]);
        const next = await store.appendMany([{ streamId: 'x-2', events: [ev(3)], expectedRevision: 'no_stream' }]);
        expect(next[0]!.positions).toEqual([head + 1n]);
      } finally {
        await store.close();
      }
    });

    it('keeps its log across reopening', async () => {
      const path = join(dir, 'reopen');
      const first = await openEmbedded({ dir: path });
      await first.append('r-1', [{ eventId: crypto.randomUUID(), type: 'T', data: {}, metadata: { schemaVersion: 1, sender: 't' } }]);
      await first.close();
      const second = await openEmbedded({ dir: path });
      expect(await second.headPosition()).toBe(1n);
      expect(await second.readStream('r-1')).toHaveLength(1);
      await second.close();
    }, 180_000); // two opens of a new directory: PGlite's first open is slow on a busy machine

    it('is owned by one process at a time: a second open is refused, a lock left by a dead process (or an earlier one with our pid) is taken over', async () => {
      const path = join(dir, 'owned');
      const first = await openEmbedded({ dir: path });
      await expect(openEmbedded({ dir: path })).rejects.toThrow(DirectoryInUse);
      await expect(openEmbedded({ dir: path })).rejects.toThrow(/open in this process already: one process owns it at a time/);
      await first.close();

      const crashed = join(dir, 'crashed');
      mkdirSync(crashed, { recursive: true });
      const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      writeFileSync(join(crashed, 'redstream.lock'), `${gone.stdout}\n`);
      const second = await openEmbedded({ dir: crashed });
      expect(await second.headPosition()).toBe(0n);
      await second.close();
      // A container restarted after a crash runs with the same pid (often 1) as the lock's writer.
      writeFileSync(join(crashed, 'redstream.lock'), `${process.pid}\n`);
      const third = await openEmbedded({ dir: crashed });
      await third.close();
    }, 180_000);
  });

  if (thread === 'worker') {
    it('does not keep a process alive once nothing waits on it, as the in-thread store does not', async () => {
      const child = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/idle-writer.ts'), join(dir, 'idle')], { encoding: 'utf8', timeout: 110_000 });
      expect(child.stdout).toContain('appended 1');
      expect(child.signal, 'the process was still running when the timeout killed it').toBeNull();
      expect(child.status).toBe(0);
    }, 120_000);
  }
}
