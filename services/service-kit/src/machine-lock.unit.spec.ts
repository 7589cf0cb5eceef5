import { mkdirSync, mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withMachineLock } from './machine-lock.ts';

describe('withMachineLock', () => {
  it('lets one holder work at a time and releases on failure', async () => {
    const lock = join(mkdtempSync(join(tmpdir(), 'redstream-lock-')), 'lock');
    const events: string[] = [];
    const work = (name: string) => async () => {
      events.push(`${name} in`);
      await new Promise((r) => setTimeout(r, 50));
      events.push(`${name} out`);
    };
    await Promise.all([withMachineLock(lock, work('a')), withMachineLock(lock, work('b'))]);
    expect(events).toEqual(['a in', 'a out', 'b in', 'b out']);
    await expect(withMachineLock(lock, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withMachineLock(lock, () => 'free again')).toBe('free again');
  });

  it('takes over a lock left by a crashed holder once it is stale', async () => {
    const lock = join(mkdtempSync(join(tmpdir(), 'redstream-lock-')), 'lock');
    mkdirSync(lock);
    const old = (Date.now() - 10_000) / 1000;
    utimesSync(lock, old, old);
    expect(await withMachineLock(lock, () => 'taken over', { staleMs: 5_000 })).toBe('taken over');
    mkdirSync(lock);
    await expect(withMachineLock(lock, () => 'never', { waitMs: 300 })).rejects.toThrow(/timed out waiting/);
  });
});
