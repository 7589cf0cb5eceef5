import { PartyStatus } from '@redstream/schema';
import type { QueryContext } from './access.ts';
import { dateIn, dateUpTo, regionIn, resolvePeriod, type PeriodFilter } from './period.ts';
import { and, sql, where } from './sql.ts';
import { T } from './tables.ts';

export interface PartyBuildingSummary {
  /** Founded within the period. */
  committeesFounded: number;
  branchesFounded: number;
  /** In existence at the period's end. */
  committees: number;
  branches: number;
  branchesInParks: number;
  parks: number;
  parksWithBranch: number;
  /** parksWithBranch / parks; null without parks. */
  shareOfParksWithBranch: number | null;
  /** Streamers registered by the period's end, by their current party status, every status listed. */
  streamersByPartyStatus: { status: string; streamers: number }[];
  members: number;
  applicants: number;
}

const n = (v: unknown): number => Number(v ?? 0);

export async function partyBuilding(ctx: QueryContext, filter: PeriodFilter | null | undefined, options: { parkId?: string | undefined } = {}): Promise<PartyBuildingSummary> {
  const p = resolvePeriod(ctx, filter);
  // A park's screen counts its own branches, parks (itself) and streamers.
  const region = [...regionIn('region_code', p), ...(options.parkId === undefined ? [] : [sql`park_id = ${options.parkId}`])];
  // Committees sit in no park: a park's committees are those with a branch in it.
  const committeeScope = [
    ...regionIn('region_code', p),
    ...(options.parkId === undefined ? [] : [sql`committee_id IN (SELECT committee_id FROM ${T.branches} WHERE park_id = ${options.parkId})`]),
  ];
  const [counts, statuses] = await Promise.all([
    ctx.reader.rows<Record<string, string>>(
      'party-building.counts',
      sql`SELECT
          (SELECT count() FROM ${T.committees} ${where([...committeeScope, ...dateIn('founded_on', p)])}) AS committees_founded,
          (SELECT count() FROM ${T.committees} ${where([...committeeScope, ...dateUpTo('founded_on', p)])}) AS committees,
          (SELECT count() FROM ${T.branches} ${where([...region, ...dateIn('founded_on', p)])}) AS branches_founded,
          (SELECT count() FROM ${T.branches} ${where([...region, ...dateUpTo('founded_on', p)])}) AS branches,
          (SELECT count() FROM ${T.branches} ${where([...region, ...dateUpTo('founded_on', p), sql`park_id != ''`])}) AS branches_in_parks,
          (SELECT count() FROM ${T.parks} ${where(region)}) AS parks,
          (SELECT count() FROM ${T.parks} ${where([...region, sql`park_id IN (SELECT park_id FROM ${T.branches} WHERE ${and([sql`park_id != ''`, ...dateUpTo('founded_on', p)])})`])}) AS parks_with_branch`,
    ),
    ctx.reader.rows<{ status: string; streamers: string }>(
      'party-building.statuses',
      sql`SELECT party_status AS status, toString(count()) AS streamers
          FROM (SELECT streamer_id, argMax(party_status, version) AS party_status, argMax(region_code, version) AS region_code, argMax(park_id, version) AS park_id, min(registered_on) AS registered_on
                FROM ${T.streamers} GROUP BY streamer_id)
          ${where([...region, ...dateUpTo('registered_on', p)])} GROUP BY status`,
    ),
  ]);
  const c = counts[0] ?? {};
  const byStatus = new Map(statuses.map((s) => [s.status, n(s.streamers)]));
  const parks = n(c.parks);
  const parksWithBranch = n(c.parks_with_branch);
  return {
    committeesFounded: n(c.committees_founded),
    branchesFounded: n(c.branches_founded),
    committees: n(c.committees),
    branches: n(c.branches),
    branchesInParks: n(c.branches_in_parks),
    parks,
    parksWithBranch,
    shareOfParksWithBranch: parks === 0 ? null : parksWithBranch / parks,
    streamersByPartyStatus: PartyStatus.options.map((status) => ({ status, streamers: byStatus.get(status) ?? 0 })),
    members: (byStatus.get('member') ?? 0) + (byStatus.get('probationary') ?? 0),
    applicants: byStatus.get('applicant') ?? 0,
  };
}

export interface WarmStationsSummary {
  opened: number;
  /** Open at the period's end. */
  stations: number;
  inParks: number;
  byCounty: { regionCode: string; stations: number }[];
}

/** Warm stations of a region, or of one park (`parkId`: its own stations). */
export async function warmStations(ctx: QueryContext, filter: PeriodFilter | null | undefined, options: { parkId?: string | undefined } = {}): Promise<WarmStationsSummary> {
  const p = resolvePeriod(ctx, filter);
  const region = [...regionIn('region_code', p), ...(options.parkId === undefined ? [] : [sql`park_id = ${options.parkId}`])];
  const [totals, byCounty] = await Promise.all([
    ctx.reader.rows<Record<string, string>>(
      'stations.totals',
      sql`SELECT countIf(${and(dateIn('opened_on', p))}) AS opened, count() AS stations, countIf(park_id != '') AS in_parks
          FROM ${T.warmStations} ${where([...region, ...dateUpTo('opened_on', p)])}`,
    ),
    // warm_stations keeps the station's code only (no ancestor columns): its county is the code's first six digits.
    ctx.reader.rows<{ region: string; stations: string }>(
      'stations.by-county',
      sql`SELECT substring(region_code, 1, 6) AS region, toString(count()) AS stations
          FROM ${T.warmStations} ${where([...region, ...dateUpTo('opened_on', p)])} GROUP BY region ORDER BY region`,
    ),
  ]);
  const t = totals[0] ?? {};
  return { opened: n(t.opened), stations: n(t.stations), inParks: n(t.in_parks), byCounty: byCounty.map((r) => ({ regionCode: r.region, stations: n(r.stations) })) };
}

export interface OrganisationInfo {
  name: string;
  regionCode: string;
}

/** A park's own name and region; undefined when no such park is recorded. */
export async function parkInfo(ctx: QueryContext, parkId: string): Promise<OrganisationInfo | undefined> {
  const rows = await ctx.reader.rows<{ name: string; region_code: string }>(
    'organisation.park',
    sql`SELECT any(name) AS name, any(region_code) AS region_code FROM ${T.parks} WHERE park_id = ${parkId} GROUP BY park_id`,
  );
  return rows[0] && { name: rows[0].name, regionCode: rows[0].region_code };
}

/** An industry Party committee's own name and region; undefined when no such committee is recorded. */
export async function committeeInfo(ctx: QueryContext, committeeId: string): Promise<OrganisationInfo | undefined> {
  const rows = await ctx.reader.rows<{ name: string; region_code: string }>(
    'organisation.committee',
    sql`SELECT any(name) AS name, any(region_code) AS region_code FROM ${T.committees} WHERE committee_id = ${committeeId} GROUP BY committee_id`,
  );
  return rows[0] && { name: rows[0].name, regionCode: rows[0].region_code };
}
