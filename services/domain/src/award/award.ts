import type { EventData } from '@redstream/schema';
import { violation, type CommandMetadata, type Decider, type FactEvent } from '../decider.ts';
import { requireStreamer, type StreamerState } from '../streamer/streamer.ts';

/** An award (最美主播, skills competition …) to a streamer: the id must be new and the streamer registered. */
export interface AwardState {
  award: EventData<'AwardGranted'> | null;
}

export type AwardCommand = { type: 'GrantAward'; data: EventData<'AwardGranted'>; streamer: StreamerState | undefined } & CommandMetadata;
export type AwardEvent = FactEvent<'AwardGranted'>;

export const awardDecider: Decider<AwardCommand, AwardState, AwardEvent> = {
  initialState: () => ({ award: null }),
  decide({ data, streamer }, state) {
    if (state.award) violation('award.already-granted', '$.data.awardId', `award ${data.awardId} is already recorded`);
    requireStreamer(streamer, data.streamerId, 'award.unknown-streamer');
    return [{ type: 'AwardGranted', data }];
  },
  evolve: (_state, event) => ({ award: event.data }),
};
