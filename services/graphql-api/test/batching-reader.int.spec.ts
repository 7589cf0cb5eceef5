import { batchingReader, createReader, QueryTimeoutError, sql } from '@redstream/queries';
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChdb } from './harness.ts';

/**
 * The batching reader against chDB: questions asked together become one statement, and each
 * caller still gets exactly what its own query alone returns — rows in its order, its parameters,
 * 64-bit integers as strings — or its own error.
 */
describe('batchingReader', () => {
  let clickhouse: ClickHouseClient;

  beforeAll(async () => {
    clickhouse = openChdb();
    await clickhouse.command({ query: 'CREATE TABLE t (k String, v UInt64) ENGINE = MergeTree ORDER BY k' });
    await clickhouse.command({ query: "INSERT INTO t SELECT toString(number % 7), number FROM numbers(1000)" });
  });
  afterAll(() => clickhouse?.close());

  const questions = [
    ['sums', sql`SELECT k, toString(sum(v)) AS total, count() AS n FROM t WHERE v >= ${100} GROUP BY k ORDER BY total DESC`],
    ['top', sql`SELECT k, max(v) AS m FROM t WHERE k IN ${['1', '3']} GROUP BY k ORDER BY k DESC LIMIT 5`],
    ['none', sql`SELECT k FROM t WHERE k = ${'absent'}`],
    ['big', sql`SELECT toUInt64(18446744073709551615) AS big, ${'写'} AS text`],
  ] as const;

  it('answers each question as its own query would, in one statement', async () => {
    const plain = createReader(clickhouse);
    const alone = await Promise.all(questions.map(([id, q]) => plain.rows(id, q)));

    const counted = createReader(clickhouse);
    const batched = batchingReader(counted);
    const together = await Promise.all(questions.map(([id, q]) => batched.rows(id, q)));

    expect(together).toEqual(alone);
    expect(together[0]).toHaveLength(7);
    expect(together[2]).toEqual([]);
    expect(together[3]).toEqual([{ big: '18446744073709551615', text: '写' }]);
    expect([...counted.stats.keys()]).toEqual(['batch(sums,top,none,big)']);
  });

  it('gives a failing question its own error and the others their answers', async () => {
    const batched = batchingReader(createReader(clickhouse));
    const [good, bad] = await Promise.allSettled([batched.rows('good', sql`SELECT count() AS n FROM t`), batched.rows('bad', sql`SELECT no_such_column FROM t`)]);
    expect(good).toEqual({ status: 'fulfilled', value: [{ n: '1000' }] });
    expect(bad.status).toBe('rejected');
    expect(String((bad as PromiseRejectedResult).reason)).toMatch(/query bad failed: .*no_such_column/);
  });

  it('names a question over its time limit, whichever of ClickHouse and the abort stops it first', async () => {
    // Three seconds of work (a row every 0.1 s, one row a block, so ClickHouse checks its limit) against one second.
    const slow = sql`SELECT sleepEachRow(0.1) AS s FROM numbers(30) SETTINGS max_block_size = 1`;
    const reader = createReader(clickhouse, { timeoutMs: 1000 });
    const error = await reader.rows('slow', slow).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(QueryTimeoutError);
    expect(error).toMatchObject({ queryId: 'slow', timeoutMs: 1000, message: 'query slow exceeded its 1000 ms timeout' });
    // ClickHouse first: its own limit (here one second, set in the query) ends the query before the request is aborted.
    const engineStopped = sql`SELECT sleepEachRow(0.1) AS s FROM numbers(30) SETTINGS max_block_size = 1, max_execution_time = 1`;
    const patient = createReader(clickhouse, { timeoutMs: 5000 });
    expect(await patient.rows('engine', engineStopped).then(() => null, (e: unknown) => e)).toBeInstanceOf(QueryTimeoutError);
  });
});
