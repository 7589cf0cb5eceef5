import { EnvError } from '@redstream/service-kit';
import { describe, expect, it } from 'vitest';
import { loadBenchEnv, loadCommandEnv, loadPlatformEnv } from './env.ts';

describe('the platform environment', () => {
  it('gives every variable its typed default', () => {
    const env = loadPlatformEnv({});
    expect(env.REDSTREAM_SCREEN_SCOPE).toEqual({});
    expect(env.REDSTREAM_SUMMARY_SCOPES).toEqual([{ kind: 'region', regionCode: '371302' }]);
    expect(env.REDSTREAM_DEMO_RATE).toBe(2);
    expect(env.REDSTREAM_GRAPHQL_MAX_COST).toBe(2000);
  });

  it('parses scopes and rates', () => {
    const env = loadPlatformEnv({ REDSTREAM_SCREEN_SCOPE: 'park:p-lanshan', REDSTREAM_SUMMARY_SCOPES: '371300, park-p1', REDSTREAM_DEMO_RATE: '0.5' });
    expect(env.REDSTREAM_SCREEN_SCOPE).toEqual({ parkId: 'p-lanshan' });
    expect(env.REDSTREAM_SUMMARY_SCOPES).toEqual([{ kind: 'region', regionCode: '371300' }, { kind: 'park', parkId: 'p1' }]);
    expect(env.REDSTREAM_DEMO_RATE).toBe(0.5);
    expect(loadPlatformEnv({ REDSTREAM_SUMMARY_SCOPES: '' }).REDSTREAM_SUMMARY_SCOPES).toEqual([]);
  });

  it('reports every bad variable at once', () => {
    let error: unknown;
    try {
      loadPlatformEnv({ REDSTREAM_SCREEN_SCOPE: 'town:1', REDSTREAM_SUMMARY_SCOPES: 'x', REDSTREAM_DEMO_RATE: '-1' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).problems.map((p) => p.split(':')[0])).toEqual(['REDSTREAM_SCREEN_SCOPE', 'REDSTREAM_SUMMARY_SCOPES', 'REDSTREAM_DEMO_RATE']);
  });

  it('reads CLICKHOUSE_CLUSTER, in the platform and in the commands', () => {
    expect(loadPlatformEnv({}).CLICKHOUSE_CLUSTER).toBeUndefined();
    expect(loadPlatformEnv({ CLICKHOUSE_CLUSTER: ' redstream ' }).CLICKHOUSE_CLUSTER).toBe('redstream');
    expect(loadCommandEnv({ CLICKHOUSE_CLUSTER: '' }).CLICKHOUSE_CLUSTER).toBeUndefined();
    expect(() => loadCommandEnv({ CLICKHOUSE_CLUSTER: 'a b' })).toThrow(/CLICKHOUSE_CLUSTER: must be a cluster name/);
  });

  it('gives summaries one query timeout, for the server and the CLI, and names a bad one', () => {
    expect(loadPlatformEnv({}).REDSTREAM_SUMMARY_QUERY_TIMEOUT_MS).toBe(120_000);
    expect(loadPlatformEnv({ REDSTREAM_SUMMARY_QUERY_TIMEOUT_MS: '300000' }).REDSTREAM_SUMMARY_QUERY_TIMEOUT_MS).toBe(300_000);
    expect(() => loadPlatformEnv({ REDSTREAM_SUMMARY_QUERY_TIMEOUT_MS: '0' })).toThrow(/REDSTREAM_SUMMARY_QUERY_TIMEOUT_MS/);
  });

  it('reuses a checkpoint read for a second by default, every read at 0, and names a bad age', () => {
    expect(loadPlatformEnv({}).REDSTREAM_GRAPHQL_CHECKPOINT_MAX_AGE_MS).toBe(1_000);
    expect(loadPlatformEnv({ REDSTREAM_GRAPHQL_CHECKPOINT_MAX_AGE_MS: '0' }).REDSTREAM_GRAPHQL_CHECKPOINT_MAX_AGE_MS).toBe(0);
    expect(() => loadPlatformEnv({ REDSTREAM_GRAPHQL_CHECKPOINT_MAX_AGE_MS: '-1' })).toThrow(/REDSTREAM_GRAPHQL_CHECKPOINT_MAX_AGE_MS/);
    expect(() => loadPlatformEnv({ REDSTREAM_GRAPHQL_CHECKPOINT_MAX_AGE_MS: 'soon' })).toThrow(/REDSTREAM_GRAPHQL_CHECKPOINT_MAX_AGE_MS/);
  });

  it("reads the bench's knobs through zod", () => {
    expect(loadBenchEnv({})).toEqual({ BENCH_QUICK: false, BENCH_SCALE_ORDERS: [1_000_000, 10_000_000, 100_000_000] });
    expect(loadBenchEnv({ BENCH_QUICK: '1', BENCH_SNAPSHOTS: '50000000', BENCH_SCALE_ORDERS: '1000000, 2000000', BENCH_LOCK_FILE: '/tmp/b.lock' })).toEqual({
      BENCH_QUICK: true,
      BENCH_SNAPSHOTS: 50_000_000,
      BENCH_SCALE_ORDERS: [1_000_000, 2_000_000],
      BENCH_LOCK_FILE: '/tmp/b.lock',
    });
    expect(() => loadBenchEnv({ BENCH_SNAPSHOTS: 'many' })).toThrow(/BENCH_SNAPSHOTS/);
    expect(() => loadBenchEnv({ BENCH_SCALE_ORDERS: '1000000,lots' })).toThrow(/BENCH_SCALE_ORDERS/);
  });
});
