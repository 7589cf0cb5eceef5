import { queryBind } from 'chdb';
import { describe, expect, it } from 'vitest';
import { READ_MODELS } from '../read-models/index.ts';
import { PROJECTION_NAMES } from '../read-models/index.ts';
import { readModelsOfCheckpoint, rebuildPlan } from './rebuild.ts';

const tables = READ_MODELS.flatMap((m) => [...m.tables]);
const parses = (sql: string): string => (JSON.parse(queryBind('SELECT formatQuery({q:String}) AS f', { q: sql }, 'JSONEachRow')) as { f: string }).f;

describe('the rebuild plan', () => {
  it('on one node is the copy-and-exchange it always was', () => {
    expect(rebuildPlan(['sales_raw', 'sales_daily'])).toEqual({
      prepare: ['DROP TABLE IF EXISTS sales_raw__rebuild SYNC', 'CREATE TABLE sales_raw__rebuild AS sales_raw', 'DROP TABLE IF EXISTS sales_daily__rebuild SYNC', 'CREATE TABLE sales_daily__rebuild AS sales_daily'],
      swap: ['EXCHANGE TABLES sales_raw AND sales_raw__rebuild', 'EXCHANGE TABLES sales_daily AND sales_daily__rebuild'],
      cleanup: ['DROP TABLE IF EXISTS sales_raw__rebuild', 'DROP TABLE IF EXISTS sales_daily__rebuild'],
    });
  });

  describe('on a cluster', () => {
    const plan = rebuildPlan(tables, { cluster: 'redstream', database: 'default', run: 'rebuild-x1' });
    const all = [...plan.prepare, ...plan.swap, ...plan.cleanup];

    it('parses in ClickHouse, statement by statement, every one ON CLUSTER', () => {
      expect(tables.length).toBeGreaterThan(20);
      for (const s of all) expect(parses(s), s).toMatch(/ON CLUSTER redstream/);
    });

    it('touches the live tables only by exchanging their local tables; the Distributed tables are never cloned, written or swapped', () => {
      for (const t of tables) {
        const live = new RegExp(`\\b${t}\\b(?!_)`);
        // The live Distributed table appears in no statement at all (Keeper paths, in quotes, aside).
        for (const s of all) expect(s.replace(/'[^']*'/g, "''"), s).not.toMatch(live);
        const local = new RegExp(`\\b${t}_local\\b`);
        const touching = all.filter((s) => local.test(s));
        expect(touching).toEqual([
          expect.stringMatching(new RegExp(`^CREATE TABLE ${t}__rebuild_local ON CLUSTER redstream AS ${t}_local ENGINE = Replicated`)),
          `EXCHANGE TABLES ${t}_local AND ${t}__rebuild_local ON CLUSTER redstream`,
        ]);
      }
      expect(plan.swap.every((s) => /^EXCHANGE TABLES \w+_local AND \w+__rebuild_local ON CLUSTER redstream$/.test(s))).toBe(true);
    });

    it('gives each shadow a Keeper path of its own for this run and a Distributed table over it for the inserts', () => {
      const create = plan.prepare.find((s) => s.startsWith('CREATE TABLE sales_raw__rebuild_local'))!;
      expect(create).toContain("ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/sales_raw/rebuild-x1', '{replica}', position)");
      expect(create).toMatch(/ORDER BY/);
      expect(plan.prepare).toContain('CREATE TABLE sales_raw__rebuild ON CLUSTER redstream AS sales_raw__rebuild_local ENGINE = Distributed(redstream, default, sales_raw__rebuild_local, cityHash64(streamer_id))');
      expect(plan.cleanup).toContain('DROP TABLE IF EXISTS sales_raw__rebuild_local ON CLUSTER redstream SYNC');
      // A Null feed table (0008) has no Replicated form; its shadow is Null too.
      const feed = rebuildPlan(['sales_rollup_feed'], { cluster: 'redstream', database: 'default', run: 'rebuild-x1' });
      expect(feed.prepare).toContain('CREATE TABLE sales_rollup_feed__rebuild_local ON CLUSTER redstream AS sales_rollup_feed_local ENGINE = Null');
      for (const s of feed.prepare) parses(s);
    });
  });

  it('names the read models a checkpoint stands for', () => {
    expect(readModelsOfCheckpoint('main')).toEqual(PROJECTION_NAMES);
    expect(readModelsOfCheckpoint('rebuild-k3x:all')).toEqual(PROJECTION_NAMES);
    expect(readModelsOfCheckpoint('rebuild-k3x:sales+sales-rollups')).toEqual(['sales', 'sales-rollups']);
    expect(readModelsOfCheckpoint('rebuild-k3x')).toEqual([]);
  });
});
