import { describe, expect, it } from 'vitest';
import { startWatchdog, WATCHDOG_LOG } from './watchdog.ts';

/** localStorage's shape, in memory. */
function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k), clear: () => map.clear(), key: () => null, get length() { return map.size; } };
}

describe('the memory watchdog', () => {
  it('reloads only past the budget and only at a safe moment, says so before and after, and never twice in a row', () => {
    const storage = memoryStorage();
    const logs: string[] = [];
    let heap = 100 * 1048576;
    let safe = false;
    let reloads = 0;
    const options = { budgetBytes: 200 * 1048576, everyMs: 3_600_000, heapBytes: () => heap, isSafe: () => safe, reload: () => void reloads++, storage, log: (m: string) => void logs.push(m) };
    const dog = startWatchdog(options);
    expect(dog.check()).toBe(false);
    heap = 250 * 1048576;
    expect(dog.check()).toBe(true);
    dog.safeMoment(); // not safe: someone touches the screen
    expect(reloads).toBe(0);
    safe = true;
    dog.safeMoment();
    expect(reloads).toBe(1);
    expect(logs).toEqual([expect.stringMatching(/JS heap 250 MB is over the budget of 200 MB/), expect.stringMatching(/reloading now/)]);
    dog.stop();

    // The page after the reload reports it once, and does not reload again within the interval.
    const after = startWatchdog({ ...options, log: (m: string) => void logs.push(m) });
    expect(logs[2]).toMatch(/was reloaded at .* 250 MB over the budget of 200 MB/);
    expect(after.check()).toBe(false);
    after.stop();
    startWatchdog(options).stop();
    expect(logs).toHaveLength(3);
    expect(JSON.parse(storage.getItem(WATCHDOG_LOG)!)).toMatchObject({ heapMb: 250, budgetMb: 200, reported: true });
  });
});
