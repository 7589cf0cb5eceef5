import { parseFact, type Fact } from '@redstream/schema';
import { describe, expect, it } from 'vitest';
import { generateRegion } from './generate-region.ts';
import { liveFacts } from './live.ts';
import { replayThroughDeciders } from './testing/replay-deciders.ts';

const START = Date.parse('2026-01-01T20:00:00+08:00');

/** A virtual clock: sleeping advances it, so pacing is tested without waiting. */
function virtualClock() {
  let now = START;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
}

async function collect(facts: AsyncIterable<Fact>): Promise<Fact[]> {
  const out: Fact[] = [];
  for await (const f of facts) out.push(f);
  return out;
}

function history() {
  const run = generateRegion({ seed: 5, from: '2025-11-01', to: '2026-01-01', scale: 0.001 });
  const facts = [...run];
  return { facts, region: run.state };
}

describe('liveFacts', () => {
  it('continues the region with facts the write API accepts after its history', async () => {
    const { facts, region } = history();
    const clock = virtualClock();
    const live = await collect(liveFacts({ seed: 1, region, rate: 50, limit: 600, ...clock }));
    expect(live).toHaveLength(600);
    expect(live.every((f) => parseFact(JSON.parse(JSON.stringify(f))).ok)).toBe(true);
    const { refused } = replayThroughDeciders([...facts, ...live], new Date(clock.now()));
    expect(refused).toEqual([]);
    const types = new Set(live.map((f) => f.type));
    expect(types).toEqual(new Set(['SaleRecorded', 'SaleRefunded', 'ParcelsShipped', 'FarmerPaid']));
    expect(live.filter((f) => f.type === 'SaleRecorded').length).toBeGreaterThan(0.8 * live.length);
  });

  it('stamps facts with the current time at the requested rate', async () => {
    const { region } = history();
    const clock = virtualClock();
    const live = await collect(liveFacts({ region, rate: 50, limit: 500, ...clock }));
    // 500 facts at 50/s take 10 s of (virtual) time.
    expect(clock.now() - START).toBe(10_000);
    const sales = live.flatMap((f) => (f.type === 'SaleRecorded' ? [f.data.occurredAt] : []));
    expect(sales[0]).toBe('2026-01-01T20:00:00+08:00');
    expect(sales.at(-1)).toBe('2026-01-01T20:00:10+08:00');
  });

  it('is deterministic for the same region, seed and clock', async () => {
    const a = await collect(liveFacts({ seed: 2, region: history().region, rate: 20, limit: 100, ...virtualClock() }));
    const b = await collect(liveFacts({ seed: 2, region: history().region, rate: 20, limit: 100, ...virtualClock() }));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    const out: Fact[] = [];
    for await (const f of liveFacts({ region: history().region, rate: 100, signal: controller.signal, ...virtualClock() })) {
      out.push(f);
      if (out.length === 25) controller.abort();
    }
    expect(out).toHaveLength(25);
  });
});
