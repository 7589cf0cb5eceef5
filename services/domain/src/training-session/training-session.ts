import type { EventData } from '@redstream/schema';
import { violation, type CommandMetadata, type Decider, type FactEvent } from '../decider.ts';
import { requireStreamer, type StreamerState } from '../streamer/streamer.ts';

/** A training course and the streamers (or villagers) who completed it; both live in `session-<id>`. */
export interface TrainingSessionState {
  session: EventData<'TrainingSessionHeld'> | null;
  trainedStreamers: number;
}

export type TrainingSessionCommand =
  | ({ type: 'HoldTrainingSession'; data: EventData<'TrainingSessionHeld'> } & CommandMetadata)
  /** `streamer` is the trained streamer's state, loaded by the caller from its own stream. */
  | ({ type: 'RecordTraining'; data: EventData<'StreamerTrained'>; streamer: StreamerState | undefined } & CommandMetadata);

export type TrainingSessionEvent = FactEvent<'TrainingSessionHeld' | 'StreamerTrained'>;

export const trainingSessionDecider: Decider<TrainingSessionCommand, TrainingSessionState, TrainingSessionEvent> = {
  initialState: () => ({ session: null, trainedStreamers: 0 }),
  decide(command, state) {
    switch (command.type) {
      case 'HoldTrainingSession': {
        const { data } = command;
        if (state.session) violation('session.already-held', '$.data.sessionId', `training session ${data.sessionId} is already recorded`);
        if (data.endsOn < data.startsOn) violation('session.ends-before-start', '$.data.endsOn', `endsOn ${data.endsOn} is before startsOn ${data.startsOn}`);
        return [{ type: 'TrainingSessionHeld', data }];
      }
      case 'RecordTraining': {
        const { data } = command;
        if (!state.session) violation('training.unknown-session', '$.data.sessionId', `training session ${data.sessionId} is not recorded`);
        requireStreamer(command.streamer, data.streamerId, 'training.unknown-streamer');
        return [{ type: 'StreamerTrained', data }];
      }
      default: {
        const unknown: never = command;
        throw new Error(`unknown command ${JSON.stringify(unknown)}`);
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'TrainingSessionHeld':
        return { ...state, session: event.data };
      case 'StreamerTrained':
        return { ...state, trainedStreamers: state.trainedStreamers + 1 };
    }
  },
};
