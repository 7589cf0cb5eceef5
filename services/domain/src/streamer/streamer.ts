import { PARTY_STATUS_ORDER, type EventData, type PartyStatus } from '@redstream/schema';
import { violation, type CommandMetadata, type Decider, type FactEvent } from '../decider.ts';
import { decideEnd, decideStart, evolveSessions } from '../live-session/live-session.ts';
import { requireStreamer, type StreamerState } from './state.ts';

// The state and its check live in state.ts so live-session/ can use them without importing this
// decider back (an import cycle).
export { requireStreamer, type StreamerState } from './state.ts';

/**
 * A streamer: registered once, then party status moves forward and followers get reported; live
 * sessions start and end here (see live-session/).
 */
export type StreamerCommand =
  | ({ type: 'RegisterStreamer'; data: EventData<'StreamerRegistered'> } & CommandMetadata)
  | ({ type: 'ChangePartyStatus'; data: EventData<'PartyStatusChanged'> } & CommandMetadata)
  | ({ type: 'ReportFollowers'; data: EventData<'FollowersReported'> } & CommandMetadata)
  | ({ type: 'StartLiveSession'; data: EventData<'LiveSessionStarted'> } & CommandMetadata)
  | ({ type: 'EndLiveSession'; data: EventData<'LiveSessionEnded'> } & CommandMetadata);

export type StreamerEvent = FactEvent<'StreamerRegistered' | 'PartyStatusChanged' | 'FollowersReported' | 'LiveSessionStarted' | 'LiveSessionEnded'>;

const rank = (status: PartyStatus) => PARTY_STATUS_ORDER.indexOf(status);

export const streamerDecider: Decider<StreamerCommand, StreamerState, StreamerEvent> = {
  initialState: () => ({ profile: null, partyStatus: 'none', followers: 0, sessions: new Map() }),
  decide(command, state) {
    switch (command.type) {
      case 'RegisterStreamer':
        if (state.profile) violation('streamer.already-registered', '$.data.streamerId', `streamer ${command.data.streamerId} is already registered`);
        return [{ type: 'StreamerRegistered', data: command.data }];
      case 'ChangePartyStatus': {
        requireStreamer(state, command.data.streamerId, 'streamer.unknown');
        if (rank(command.data.to) <= rank(state.partyStatus)) {
          violation(
            'streamer.party-status-not-forward',
            '$.data.to',
            `party status only moves forward (${PARTY_STATUS_ORDER.join(' → ')}); streamer ${command.data.streamerId} is already ${state.partyStatus}`,
          );
        }
        return [{ type: 'PartyStatusChanged', data: command.data }];
      }
      case 'ReportFollowers':
        requireStreamer(state, command.data.streamerId, 'streamer.unknown');
        return [{ type: 'FollowersReported', data: command.data }];
      case 'StartLiveSession':
        decideStart(state, command.data, command.now);
        return [{ type: 'LiveSessionStarted', data: command.data }];
      case 'EndLiveSession':
        decideEnd(state, command.data, command.now);
        return [{ type: 'LiveSessionEnded', data: command.data }];
      default: {
        const unknown: never = command;
        throw new Error(`unknown command ${JSON.stringify(unknown)}`);
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'StreamerRegistered':
        return { ...state, profile: event.data, partyStatus: event.data.partyStatus, followers: event.data.followers };
      case 'PartyStatusChanged':
        return { ...state, partyStatus: event.data.to };
      case 'FollowersReported':
        return { ...state, followers: event.data.followers };
      case 'LiveSessionStarted':
      case 'LiveSessionEnded':
        return { ...state, sessions: evolveSessions(state.sessions, event) };
    }
  },
};
