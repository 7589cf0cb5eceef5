import { epochMs, shanghaiDateTime } from '@redstream/schema';
import type { ReadModel } from '../read-model.ts';

/** 诉求直达: one row per appeal, replaced by its resolved version (resolve_seconds = time to resolve). */
export const appeals: ReadModel = {
  name: 'appeals',
  tables: ['appeals'],
  project({ event, position }, state, out) {
    if (event.type === 'AppealRaised') {
      const d = event.data;
      const s = state.streamers.get(d.streamerId);
      out.row('appeals', {
        appeal_id: d.appealId,
        streamer_id: d.streamerId,
        topic: d.topic,
        summary: d.summary,
        raised_at: shanghaiDateTime(epochMs(d.raisedAt)),
        resolved_at: null,
        resolution: '',
        resolve_seconds: null,
        region_code: s?.region_code ?? '',
        park_id: s?.park_id ?? '',
        version: position,
      });
    } else if (event.type === 'AppealResolved') {
      const d = event.data;
      const a = state.openAppeals.get(d.appealId);
      if (!a) return;
      const resolvedMs = epochMs(d.resolvedAt);
      const { raised_ms, ...raised } = a;
      out.row('appeals', { ...raised, resolved_at: shanghaiDateTime(resolvedMs), resolution: d.resolution, resolve_seconds: Math.round((resolvedMs - raised_ms) / 1000), version: position });
    }
  },
};
