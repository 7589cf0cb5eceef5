import { regionColumns, type StreamerRow } from '../../model/state.ts';
import type { EventData } from '@redstream/schema';
import { epochMs, shanghaiDateTime } from '@redstream/schema';
import type { ReadModel } from '../read-model.ts';

/**
 * The streamer dimension: `streamers` holds each streamer's current row (ReplacingMergeTree by
 * version = position of the latest change), `streamer_party_status` and `streamer_followers` keep
 * the history over time (party status valid from `changed_on`).
 */
export function registeredRow(d: EventData<'StreamerRegistered'>, position: string): StreamerRow {
  return {
    streamer_id: d.streamerId,
    display_name: d.displayName,
    platform: d.platform,
    category: d.category,
    ...regionColumns(d.regionCode),
    park_id: d.parkId ?? '',
    party_status: d.partyStatus,
    registered_on: d.registeredOn,
    followers: d.followers,
    version: position,
  };
}

export const streamers: ReadModel = {
  name: 'streamers',
  tables: ['streamers', 'streamer_party_status', 'streamer_followers'],
  project({ event, eventId, position }, state, out) {
    switch (event.type) {
      case 'StreamerRegistered': {
        const d = event.data;
        const row = registeredRow(d, position);
        out.row('streamers', { ...row });
        out.row('streamer_party_status', { streamer_id: d.streamerId, event_id: eventId, position, party_status: d.partyStatus, previous_status: '', changed_on: d.registeredOn, region_code: d.regionCode, park_id: d.parkId ?? '' });
        out.row('streamer_followers', { streamer_id: d.streamerId, event_id: eventId, position, reported_at: `${d.registeredOn} 00:00:00.000`, followers: d.followers });
        break;
      }
      case 'PartyStatusChanged': {
        const d = event.data;
        const before = state.streamers.get(d.streamerId);
        if (before) out.row('streamers', { ...before, party_status: d.to, version: position });
        out.row('streamer_party_status', { streamer_id: d.streamerId, event_id: eventId, position, party_status: d.to, previous_status: before?.party_status ?? '', changed_on: d.changedOn, region_code: before?.region_code ?? '', park_id: before?.park_id ?? '' });
        break;
      }
      case 'FollowersReported': {
        const d = event.data;
        const before = state.streamers.get(d.streamerId);
        if (before) out.row('streamers', { ...before, followers: d.followers, version: position });
        out.row('streamer_followers', { streamer_id: d.streamerId, event_id: eventId, position, reported_at: shanghaiDateTime(epochMs(d.reportedAt)), followers: d.followers });
        break;
      }
      default:
        break;
    }
  },
};
