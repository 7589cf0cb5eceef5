import type { ReadModel } from '../read-model.ts';

export const awards: ReadModel = {
  name: 'awards',
  tables: ['awards'],
  project({ event, position }, state, out) {
    if (event.type !== 'AwardGranted') return;
    const d = event.data;
    const s = state.streamers.get(d.streamerId);
    out.row('awards', { award_id: d.awardId, streamer_id: d.streamerId, title: d.title, granted_by: d.grantedBy ?? '', awarded_on: d.awardedOn, region_code: s?.region_code ?? '', park_id: s?.park_id ?? '', version: position });
  },
};
