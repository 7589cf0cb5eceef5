import { describe, expect, it } from 'vitest';
import { refreshInterval } from './live-hub.ts';

describe('how often a watched scope refreshes', () => {
  it('given one screen whose figures take 60 ms, refreshes it every 250 ms (the minimum)', () => {
    expect(refreshInterval(250, [60])).toBe(250);
  });

  it('given twenty scopes at 60 ms each, spaces each scope to 2.4 s: querying takes half the time at most', () => {
    const costs = Array.from({ length: 20 }, () => 60);
    const interval = refreshInterval(250, costs);
    expect(interval).toBe(2400);
    expect(costs.reduce((a, b) => a + b, 0) / interval).toBeLessThanOrEqual(0.5);
  });

  it('given scopes not refreshed yet (no cost known), keeps the minimum', () => {
    expect(refreshInterval(250, [0, 0, 0])).toBe(250);
    expect(refreshInterval(250, [])).toBe(250);
  });
});
