import type { EventData, PartyStatus } from '@redstream/schema';
import { violation } from '../decider.ts';
import type { LiveSession } from '../live-session/live-session.ts';

/** A streamer's state, as the streamer decider folds it (see streamer.ts). */
export interface StreamerState {
  profile: EventData<'StreamerRegistered'> | null;
  partyStatus: PartyStatus;
  followers: number;
  /** Every live session by id: a sale or a snapshot naming one is checked against its times. */
  sessions: ReadonlyMap<string, LiveSession>;
}

/** Rules of other aggregates that refer to a streamer (sales, training, loans …) share this check. */
export function requireStreamer(streamer: StreamerState | undefined, streamerId: string, rule: string): EventData<'StreamerRegistered'> {
  if (!streamer?.profile) return violation(rule, '$.data.streamerId', `streamer ${streamerId} is not registered`);
  return streamer.profile;
}
