import type { EventData } from '@redstream/schema';
import { violation, type CommandMetadata, type Decider, type FactEvent } from '../decider.ts';
import { requireStreamer, type StreamerState } from '../streamer/streamer.ts';

/** 诉求直达: a streamer's appeal is raised once and resolved once. */
export interface AppealState {
  raised: EventData<'AppealRaised'> | null;
  resolved: EventData<'AppealResolved'> | null;
}

export type AppealCommand =
  | ({ type: 'RaiseAppeal'; data: EventData<'AppealRaised'>; streamer: StreamerState | undefined } & CommandMetadata)
  | ({ type: 'ResolveAppeal'; data: EventData<'AppealResolved'> } & CommandMetadata);

export type AppealEvent = FactEvent<'AppealRaised' | 'AppealResolved'>;

export const appealDecider: Decider<AppealCommand, AppealState, AppealEvent> = {
  initialState: () => ({ raised: null, resolved: null }),
  decide(command, state) {
    switch (command.type) {
      case 'RaiseAppeal': {
        const { data } = command;
        if (state.raised) violation('appeal.already-raised', '$.data.appealId', `appeal ${data.appealId} is already recorded`);
        requireStreamer(command.streamer, data.streamerId, 'appeal.unknown-streamer');
        return [{ type: 'AppealRaised', data }];
      }
      case 'ResolveAppeal': {
        const { data } = command;
        const raised = state.raised;
        if (!raised) return violation('appeal.unknown', '$.data.appealId', `appeal ${data.appealId} is not recorded`);
        if (state.resolved) violation('appeal.already-resolved', '$.data.appealId', `appeal ${data.appealId} was already resolved at ${state.resolved.resolvedAt}`);
        if (Date.parse(data.resolvedAt) < Date.parse(raised.raisedAt)) {
          violation('appeal.resolved-before-raised', '$.data.resolvedAt', `resolvedAt ${data.resolvedAt} is before raisedAt ${raised.raisedAt}`);
        }
        return [{ type: 'AppealResolved', data }];
      }
      default: {
        const unknown: never = command;
        throw new Error(`unknown command ${JSON.stringify(unknown)}`);
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'AppealRaised':
        return { ...state, raised: event.data };
      case 'AppealResolved':
        return { ...state, resolved: event.data };
    }
  },
};
