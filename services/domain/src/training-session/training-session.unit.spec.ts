import { describe, it } from 'vitest';
import { deciderSpecification } from '../testing/decider-specification.ts';
import { sampleData as d, sampleNow as now } from '../testing/sample-facts.ts';
import { streamerDecider } from '../streamer/streamer.ts';
import { trainingSessionDecider, type TrainingSessionEvent } from './training-session.ts';

const given = deciderSpecification(trainingSessionDecider);
const held: TrainingSessionEvent = { type: 'TrainingSessionHeld', data: d.TrainingSessionHeld };
const streamer = streamerDecider.evolve(streamerDecider.initialState(), { type: 'StreamerRegistered', data: d.StreamerRegistered });

describe('training session', () => {
  it('records a new session', () => {
    given([]).when({ type: 'HoldTrainingSession', data: d.TrainingSessionHeld, now }).then([held]);
  });

  it('refuses a duplicate session id', () => {
    given([held]).when({ type: 'HoldTrainingSession', data: d.TrainingSessionHeld, now }).thenThrows('session.already-held', '$.data.sessionId');
  });

  it('refuses a session that ends before it starts', () => {
    given([]).when({ type: 'HoldTrainingSession', data: { ...d.TrainingSessionHeld, endsOn: '2022-04-09' }, now }).thenThrows('session.ends-before-start', '$.data.endsOn');
  });

  it('records training of a registered streamer in a held session', () => {
    given([held]).when({ type: 'RecordTraining', data: d.StreamerTrained, streamer, now }).then([{ type: 'StreamerTrained', data: d.StreamerTrained }]);
  });

  it('refuses training for an unknown session', () => {
    given([]).when({ type: 'RecordTraining', data: d.StreamerTrained, streamer, now }).thenThrows('training.unknown-session', '$.data.sessionId');
  });

  it('refuses training for an unknown streamer', () => {
    given([held]).when({ type: 'RecordTraining', data: d.StreamerTrained, streamer: undefined, now }).thenThrows('training.unknown-streamer', '$.data.streamerId');
    given([held]).when({ type: 'RecordTraining', data: d.StreamerTrained, streamer: streamerDecider.initialState(), now }).thenThrows('training.unknown-streamer');
  });
});
