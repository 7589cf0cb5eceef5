import type { ReadModel } from '../read-model.ts';

/** Training: sessions, and one row per completion (person-time) with hours; trainees = distinct streamers. */
export const training: ReadModel = {
  name: 'training',
  tables: ['training_sessions', 'trainings'],
  project({ event, eventId, position }, state, out) {
    if (event.type === 'TrainingSessionHeld') {
      const d = event.data;
      out.row('training_sessions', { session_id: d.sessionId, title: d.title, organizer_id: d.organizerId, region_code: d.regionCode, starts_on: d.startsOn, ends_on: d.endsOn, version: position });
    } else if (event.type === 'StreamerTrained') {
      const d = event.data;
      out.row('trainings', {
        streamer_id: d.streamerId,
        session_id: d.sessionId,
        event_id: eventId,
        position,
        hours: d.hours,
        completed_on: d.completedOn,
        region_code: state.streamers.get(d.streamerId)?.region_code ?? '',
        session_region_code: state.sessions.get(d.sessionId)?.region_code ?? '',
      });
    }
  },
};
