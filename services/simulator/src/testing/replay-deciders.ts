import { streamOf, streams, type Fact } from '@redstream/schema';
import { decideFact, deciderOf, DomainRuleViolation, streamerIdOf, type StreamerState } from '@redstream/domain';

export interface Refused {
  id: string;
  type: string;
  rule: string;
  message: string;
}

/**
 * Runs facts through the domain's deciders in order, as the write API does, with every
 * aggregate's state kept in memory. Returns the refusals (none for a correct simulator).
 */
export function replayThroughDeciders(facts: Iterable<Fact>, now: Date): { accepted: number; refused: Refused[] } {
  const states = new Map<string, unknown>();
  const refused: Refused[] = [];
  let accepted = 0;
  for (const fact of facts) {
    const decider = deciderOf(fact.type);
    const stream = streamOf(fact);
    const state = states.has(stream) ? states.get(stream) : decider.initialState();
    const streamerId = streamerIdOf(fact, state);
    const streamer = streamerId === undefined ? undefined : (states.get(streams.streamer(streamerId)) as StreamerState | undefined);
    try {
      const events = decideFact(fact, { state, streamer, now });
      states.set(stream, events.reduce((s, e) => decider.evolve(s, e), state));
      accepted++;
    } catch (error) {
      if (!(error instanceof DomainRuleViolation)) throw error;
      refused.push({ id: fact.id, type: fact.type, rule: error.rule, message: error.message });
    }
  }
  return { accepted, refused };
}
