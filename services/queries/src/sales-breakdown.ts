import { regionName } from '@redstream/schema';
import type { QueryContext } from './access.ts';
import { AGG, aggFor, figures, resolveSalesFilter, salesRows, SUMS, type FigureRow, type RegionColumn, type SalesFigures, type SalesFilter, type SalesOptions } from './sales-rows.ts';
import { param, raw, sql, type SqlFragment } from './sql.ts';
import { T } from './tables.ts';
import { InvalidInputError } from './time.ts';

/** Sales broken down by a dimension (region, park, platform, category, streamer, branch, Party status, buyer region), and the top streamers. */

export const DIMENSIONS = ['REGION', 'PARK', 'PLATFORM', 'CATEGORY', 'STREAMER', 'BRANCH', 'PARTY_STATUS', 'BUYER_REGION'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type RegionLevelName = 'PROVINCE' | 'CITY' | 'COUNTY' | 'TOWN' | 'VILLAGE';

export interface BreakdownRow extends SalesFigures {
  key: string;
  label: string | null;
}

/** The stored column (written by the projector) that holds each row's code at a region level. */
export const LEVEL_COLUMN: Record<RegionLevelName, RegionColumn> = { PROVINCE: 'province', CITY: 'city', COUNTY: 'county', TOWN: 'town', VILLAGE: 'village' };

/** A buyer's region at a level: buyer codes have no stored ancestors, so the code is cut (GB/T 2260 prefixes). */
function buyerRegionKey(level: RegionLevelName): SqlFragment {
  const col = raw('buyer_region_code');
  switch (level) {
    case 'PROVINCE':
      return sql`if(length(${col}) >= 6, concat(substring(${col}, 1, 2), '0000'), '')`;
    case 'CITY':
      return sql`if(length(${col}) >= 6, concat(substring(${col}, 1, 4), '00'), '')`;
    case 'COUNTY':
      return sql`if(length(${col}) >= 6, substring(${col}, 1, 6), '')`;
    case 'TOWN':
      return sql`if(length(${col}) >= 9, substring(${col}, 1, 9), '')`;
    case 'VILLAGE':
      return sql`if(length(${col}) >= 12, substring(${col}, 1, 12), '')`;
  }
}

export interface BreakdownOptions {
  by: Dimension;
  /** For REGION and BUYER_REGION; default COUNTY. */
  regionLevel?: RegionLevelName | null | undefined;
  /** Top-N by GMV; default 50, at most 1000. */
  limit?: number | null | undefined;
}

export const MAX_BREAKDOWN_ROWS = 1000;

export async function salesBreakdown(ctx: QueryContext, filter: SalesFilter | null | undefined, options: BreakdownOptions, salesOptions: SalesOptions = {}): Promise<BreakdownRow[]> {
  const f = resolveSalesFilter(ctx, filter, salesOptions);
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_BREAKDOWN_ROWS) throw new InvalidInputError(`limit must be between 1 and ${MAX_BREAKDOWN_ROWS}`);
  const level = options.regionLevel ?? 'COUNTY';
  const order = sql`ORDER BY toInt64(gmv) DESC, key ASC LIMIT ${param(limit, 'UInt32')}`;
  const id = `sales.breakdown.${options.by.toLowerCase()}`;
  let query: SqlFragment;
  switch (options.by) {
    case 'REGION':
    case 'PLATFORM':
    case 'CATEGORY':
    case 'BUYER_REGION': {
      const key =
        options.by === 'REGION' ? raw('region_level') : options.by === 'BUYER_REGION' ? buyerRegionKey(level) : raw(options.by === 'PLATFORM' ? 'platform' : 'category');
      const shape = { streamer: f.streamers, buyer: options.by === 'BUYER_REGION', ...(options.by === 'REGION' ? { level: LEVEL_COLUMN[level] } : {}) };
      query = sql`SELECT ${key} AS key, NULL AS label, ${aggFor(f)} FROM (${salesRows(f, shape)}) GROUP BY key ${order}`;
      break;
    }
    case 'PARK':
      query = sql`SELECT grp.key AS key, nullIf(p.name, '') AS label, grp.orders AS orders, grp.gmv AS gmv, grp.refunds AS refunds, grp.streamers AS streamers
        FROM (SELECT park_id AS key, ${aggFor(f)} FROM (${salesRows(f, { streamer: f.streamers })}) GROUP BY key) AS grp
        LEFT JOIN (SELECT park_id, any(name) AS name FROM ${T.parks} GROUP BY park_id) AS p ON p.park_id = grp.key ${order}`;
      break;
    case 'STREAMER':
      // Names looked up for the top N only (the CTE is the ranked page; one streamer is 1 streamer).
      query = sql`WITH grp AS (SELECT streamer_id AS key, ${SUMS}, toString(max(o > 0)) AS streamers FROM (${salesRows(f, { streamer: true })}) GROUP BY key ${order})
        SELECT grp.key AS key, nullIf(s.display_name, '') AS label, grp.orders AS orders, grp.gmv AS gmv, grp.refunds AS refunds, grp.streamers AS streamers
        FROM grp LEFT JOIN (SELECT streamer_id, argMax(display_name, version) AS display_name FROM ${T.streamers}
                            WHERE streamer_id IN (SELECT key FROM grp) GROUP BY streamer_id) AS s ON s.streamer_id = grp.key ${order}`;
      break;
    case 'PARTY_STATUS':
      query = sql`SELECT if(s.party_status = '', 'none', s.party_status) AS key, NULL AS label, ${AGG}
        FROM (SELECT streamer_id, sum(o) AS o, sum(g) AS g, sum(r) AS r FROM (${salesRows(f, { streamer: true })}) GROUP BY streamer_id) AS grp
        LEFT JOIN (SELECT streamer_id, argMax(party_status, version) AS party_status FROM ${T.streamers} GROUP BY streamer_id) AS s ON s.streamer_id = grp.streamer_id
        GROUP BY key ${order}`;
      break;
    case 'BRANCH':
      query = sql`SELECT b.first_branch AS key, b.branch_name AS label, ${AGG}
        FROM (SELECT park_id, streamer_id, sum(o) AS o, sum(g) AS g, sum(r) AS r FROM (${salesRows(f, { streamer: true })}) GROUP BY park_id, streamer_id) AS grp
        LEFT JOIN (SELECT park_id, argMin(branch_id, (founded_on, branch_id)) AS first_branch, argMin(name, (founded_on, branch_id)) AS branch_name
                   FROM ${T.branches} WHERE park_id != '' GROUP BY park_id) AS b ON b.park_id = grp.park_id
        GROUP BY key, label ${order}`;
      break;
  }
  const rows = await ctx.reader.rows<FigureRow & { key: string; label: string | null }>(id, query);
  // Regions are named here, from the committed GB/T 2260 names, not in SQL: an unnamed code is its own label.
  const regional = options.by === 'REGION' || options.by === 'BUYER_REGION';
  return rows.map((row) => ({ ...figures(row), key: row.key, label: row.label || (regional && row.key ? regionName(row.key) : null) }));
}

export interface StreamerRanking {
  streamerId: string;
  displayName: string;
  gmv: bigint;
  orders: number;
  netSales: bigint;
}

export async function topStreamers(ctx: QueryContext, filter: SalesFilter | null | undefined, limit = 10, options: SalesOptions = {}): Promise<StreamerRanking[]> {
  const rows = await salesBreakdown(ctx, filter, { by: 'STREAMER', limit }, options);
  return rows.map((row) => ({ streamerId: row.key, displayName: row.label ?? row.key, gmv: row.gmv, orders: row.orders, netSales: row.netSales }));
}
