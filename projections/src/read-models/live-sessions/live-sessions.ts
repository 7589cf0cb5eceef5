import { regionColumns } from '../../model/state.ts';
import { shanghaiDay } from '@redstream/schema';
import type { ReadModel } from '../read-model.ts';

/**
 * Live sessions and their audience as facts: a row per start, per end, per snapshot. A session is
 * its streamer's, so it carries the streamer's region, park (and the platform it names itself).
 */
export const liveSessions: ReadModel = {
  name: 'live-sessions',
  tables: ['live_sessions_raw', 'live_session_ends_raw', 'live_audience_raw'],
  project({ event, eventId, position }, state, out) {
    switch (event.type) {
      case 'LiveSessionStarted': {
        const d = event.data;
        const s = state.streamers.get(d.streamerId);
        const r = regionColumns(s?.region_code);
        out.row('live_sessions_raw', {
          session_id: d.sessionId,
          event_id: eventId,
          position,
          streamer_id: d.streamerId,
          platform: d.platform,
          title: d.title,
          started_at: d.startedAt,
          day: shanghaiDay(d.startedAt),
          region_code: r.region_code,
          province: r.province,
          city: r.city,
          county: r.county,
          town: r.town,
          village: r.village,
          park_id: s?.park_id ?? '',
        });
        return;
      }
      case 'LiveSessionEnded':
        out.row('live_session_ends_raw', { session_id: event.data.sessionId, event_id: eventId, position, streamer_id: event.data.streamerId, ended_at: event.data.endedAt });
        return;
      case 'LiveAudienceReported': {
        const d = event.data;
        const s = state.streamers.get(d.streamerId);
        out.row('live_audience_raw', {
          session_id: d.sessionId,
          event_id: eventId,
          position,
          streamer_id: d.streamerId,
          at: d.at,
          day: shanghaiDay(d.at),
          online_now: d.onlineNow,
          views: d.views ?? 0,
          viewers: d.viewers ?? 0,
          new_followers: d.newFollowers ?? 0,
          product_click_users: d.productClickUsers ?? 0,
          comments: d.comments ?? 0,
          likes: d.likes ?? 0,
          watch_seconds: d.watchSeconds ?? 0,
          // The snapshot's platform is its session's; the streamer's registered one stands in (sessions on another platform are rare).
          platform: s?.platform ?? '',
          region_code: s?.region_code ?? '',
          park_id: s?.park_id ?? '',
        });
        return;
      }
      default:
        return;
    }
  },
};
