import { describe, expect, it } from 'vitest';
import { demoOptions } from './demo.ts';

describe('demoOptions', () => {
  it('runs from 1 January of last year up to today in Asia/Shanghai (exclusive)', () => {
    // 23:30 UTC on 31 Dec is already 1 January in Shanghai.
    expect(demoOptions(Date.parse('2026-12-31T23:30:00Z'))).toMatchObject({ from: '2026-01-01', to: '2027-01-01' });
    expect(demoOptions(Date.parse('2026-11-23T10:00:00Z'))).toEqual({ seed: 2020, scale: 0.0005, from: '2025-01-01', to: '2026-11-23', minuteSnapshotsFrom: '2026-11-22' });
  });
});
