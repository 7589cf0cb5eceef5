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
    expect(types).toEqual(new Set(['SaleRecorded', 'SaleRefunded', 'ParcelsShipped', 'FarmerPaid', 'LiveSessionStarted']));
    expect(live.filter((f) => f.type === 'SaleRecorded').length).toBeGreaterThan(0.8 * live.length);
  });

  it('stamps facts with the current time at the requested rate', async () => {
    const { region } = history();
    const clock = virtualClock();
    const live = await collect(liveFacts({ region, rate: 50, limit: 500, ...clock }));
    // 500 facts at 50/s take 10 s of (virtual) time, less the session starts (they come beside the rate): 5 a 100 ms tick.
    const paced = live.filter((f) => !f.type.startsWith('Live')).length;
    expect(paced).toBeLessThan(500);
    expect(clock.now() - START).toBe(Math.ceil(paced / 5) * 100);
    const sales = live.flatMap((f) => (f.type === 'SaleRecorded' ? [f.data.occurredAt] : []));
    expect(sales[0]).toBe('2026-01-01T20:00:00+08:00');
    expect(sales.at(-1)).toBe(`2026-01-01T20:00:${String(Math.floor((clock.now() - START) / 1000)).padStart(2, '0')}+08:00`);
  });

  it('keeps sessions on air with a snapshot a minute and ends them, by the deciders\' rules', async () => {
    const { facts, region } = history();
    const clock = virtualClock();
    const live = await collect(liveFacts({ seed: 3, region, rate: 0.5, limit: 12_000, ...clock }));
    const started = live.filter((f) => f.type === 'LiveSessionStarted');
    const ended = live.filter((f) => f.type === 'LiveSessionEnded');
    const snapshots = live.flatMap((f) => (f.type === 'LiveAudienceReported' ? [f.data] : []));
    expect(started.length).toBeGreaterThan(0);
    expect(ended.length).toBeGreaterThan(0);
    const first = snapshots.filter((s) => s.sessionId === snapshots[0]!.sessionId);
    expect(first.length).toBeGreaterThan(100);
    expect(first.every((s, i) => i === 0 || Date.parse(s.at) - Date.parse(first[i - 1]!.at) === 60_000)).toBe(true);
    expect(live.filter((f) => f.type === 'SaleRecorded' && f.data.liveSessionId).length).toBeGreaterThan(0);
    expect(replayThroughDeciders([...facts, ...live], new Date(clock.now())).refused).toEqual([]);
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
