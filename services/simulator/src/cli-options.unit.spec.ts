import { describe, expect, it } from 'vitest';
import { parseCli } from './cli-options.ts';

const NOW = Date.parse('2026-11-23T10:00:00Z');

describe('parseCli', () => {
  it('defaults to the demo region written as NDJSON to stdout', () => {
    expect(parseCli([], NOW)).toMatchObject({ region: { seed: 2020, scale: 0.0005, from: '2025-01-01', to: '2026-11-23' }, sink: { kind: 'stdout' }, live: undefined });
  });

  it('reads the period, scale and one sink', () => {
    const o = parseCli(['--seed', '7', '--from', '2025-01-01', '--to', '2025-02-01', '--scale', '0.01', '--to-api', 'http://localhost:4000', '--key', 'K'], NOW);
    expect(o.region).toEqual({ seed: '7', from: '2025-01-01', to: '2025-02-01', scale: 0.01 });
    expect(o.sink).toEqual({ kind: 'api', url: 'http://localhost:4000', key: 'K', bulkImport: false });
  });

  it('turns on live mode with a rate', () => {
    expect(parseCli(['--live', '--rate', '500'], NOW).live).toEqual({ rate: 500, limit: undefined, only: false });
  });

  it('refuses two sinks, an API without a key and a non-numeric scale', () => {
    expect(() => parseCli(['--out', 'a.ndjson', '--to-store', 'dir'], NOW)).toThrow(/one of/);
    expect(() => parseCli(['--to-api', 'http://x'], NOW)).toThrow(/--key/);
    expect(() => parseCli(['--scale', 'lots'], NOW)).toThrow(/--scale/);
  });
});
