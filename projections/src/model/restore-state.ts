import type { ClickHouseClient } from '@clickhouse/client';
import { ProjectionState, type AgreementDims, type AppealRow, type StreamerRow } from './state.ts';

async function rows<T>(client: ClickHouseClient, query: string): Promise<T[]> {
  const rs = await client.query({ query, format: 'JSONEachRow' });
  return rs.json<T>();
}

/**
 * Restores the resolving state from the dimension tables after a restart. They may hold rows of a
 * batch written after the checkpoint (a crash mid-batch); that is harmless: the attributes used to
 * resolve facts are fixed at registration, and a dimension row's latest version wins.
 */
export async function restoreState(client: ClickHouseClient, options: { orderCache?: number } = {}): Promise<ProjectionState> {
  const state = new ProjectionState(options);
  for (const s of await rows<StreamerRow>(
    client,
    `SELECT streamer_id, display_name, platform, category, region_code, province, city, county, town, village, park_id, party_status,
            toString(registered_on) AS registered_on, followers, toString(version) AS version FROM streamers FINAL`,
  )) {
    state.streamers.set(s.streamer_id, { ...s, followers: Number(s.followers) });
  }
  for (const a of await rows<AgreementDims>(client, 'SELECT agreement_id, carrier, region_code, park_id, standard_fee_fen, discounted_fee_fen FROM parcel_agreements FINAL')) {
    state.agreements.set(a.agreement_id, { ...a, standard_fee_fen: Number(a.standard_fee_fen), discounted_fee_fen: Number(a.discounted_fee_fen) });
  }
  for (const s of await rows<{ session_id: string; region_code: string }>(client, 'SELECT session_id, region_code FROM training_sessions FINAL')) {
    state.sessions.set(s.session_id, { region_code: s.region_code });
  }
  for (const a of await rows<AppealRow & { raised_ms: string | number }>(
    client,
    `SELECT appeal_id, streamer_id, topic, summary, toString(appeals.raised_at) AS raised_at, toUnixTimestamp64Milli(appeals.raised_at) AS raised_ms, region_code, park_id
     FROM appeals FINAL WHERE resolved_at IS NULL`,
  )) {
    state.openAppeals.set(a.appeal_id, { ...a, raised_ms: Number(a.raised_ms) });
  }
  for (const r of await rows<{ code: string }>(client, 'SELECT DISTINCT code FROM regions')) state.regionsSeen.add(r.code);
  return state;
}
