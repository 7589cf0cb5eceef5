import { catalog, streamOf, type Fact, type Parsed } from '@redstream/schema';
import { DomainRuleViolation, decideFact, deciderOf, deciders, regionOf, streamerIdOf, type AnyDecider, type StreamerState } from '@redstream/domain';
import { WrongExpectedRevision, type EventStore, type NewEvent } from '@redstream/event-store';
import { HttpError, writeRefusal, type Principal } from '@redstream/service-kit';
import { StreamStates, type StreamState } from './stream-states.ts';

/** A fact as parsed at the door; a refused one keeps the id it claimed, for its answer. */
export type IncomingFact = Parsed<Fact> & { id?: string | undefined };

/** One fact's answer, as `POST /v1/events` returns it. */
export interface FactResult {
  id: string;
  status: 'accepted' | 'rejected';
  position?: number;
  reason?: string;
  path?: string;
}

/** A result plus whether this call appended the fact (false: it was stored before). */
export interface FactOutcome extends FactResult {
  appended: boolean;
}

export interface WriteContext {
  principal: Principal;
  correlationId: string;
  now: Date;
  /**
   * `request`: a fact outside the key's scope fails the whole call with 403 and nothing is
   * appended (POST /v1/events). `fact`: it is rejected like a rule violation (imports, where
   * half a file has already been read).
   */
  scopeRefusal: 'request' | 'fact';
}

/** The working copy of one stream during a write: state after the facts decided so far. */
interface WorkingStream extends StreamState {
  decider: AnyDecider;
  baseRevision: bigint;
  pending: NewEvent[];
  /** Index in the request of each pending event. */
  pendingFacts: number[];
}

const MAX_ATTEMPTS = 10;
const streamerDecider = deciders.streamer as unknown as AnyDecider;
const SCOPE_RULE = 'auth.out-of-scope';

/**
 * The write path: each fact (already schema-checked, or carrying its refusal) is decided against
 * its aggregate's state in request order — later facts see earlier ones, so a streamer and its
 * first sale can arrive together — then everything accepted is appended in one `appendMany`
 * with each stream's expected revision. A conflict means someone wrote meanwhile: reload and
 * decide again. A fact whose id is already in its stream answers with its stored position.
 */
export class FactWriter {
  private readonly states: StreamStates;

  constructor(
    private readonly store: EventStore,
    options: { cacheEntries?: number } = {},
  ) {
    this.states = new StreamStates(store, options.cacheEntries);
  }

  async write(facts: ReadonlyArray<IncomingFact>, context: WriteContext): Promise<FactOutcome[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(facts, context);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision) || attempt >= MAX_ATTEMPTS) {
          if (error instanceof WrongExpectedRevision) throw new HttpError(503, `too many concurrent writes to ${error.streamId}; send the facts again`);
          throw error;
        }
      }
    }
  }

  private async attempt(facts: ReadonlyArray<IncomingFact>, context: WriteContext): Promise<FactOutcome[]> {
    const working = new Map<string, WorkingStream>();
    const load = async (streamId: string, decider: AnyDecider): Promise<WorkingStream> => {
      let stream = working.get(streamId);
      if (!stream) {
        const loaded = await this.states.load(streamId, decider);
        stream = { ...loaded, decider, baseRevision: loaded.revision, pending: [], pendingFacts: [] };
        working.set(streamId, stream);
      }
      return stream;
    };

    const outcomes: FactOutcome[] = [];
    const firstById = new Map<string, number>();
    for (const [index, parsed] of facts.entries()) {
      if (!parsed.ok) {
        outcomes.push({ id: parsed.id ?? '', status: 'rejected', reason: parsed.error.reason, path: parsed.error.path, appended: false });
        continue;
      }
      const fact = parsed.value;
      const idKey = fact.id.toLowerCase();
      const earlier = firstById.get(idKey);
      if (earlier !== undefined) {
        // The same fact twice in one call: its second copy shares the first one's answer.
        outcomes.push({ ...outcomes[earlier]!, appended: false });
        continue;
      }
      firstById.set(idKey, index);
      outcomes.push(await this.decideOne(fact, index, context, load));
    }

    const writes = [...working.values()].filter((w) => w.pending.length > 0);
    if (writes.length === 0) return this.shareDuplicates(outcomes, facts);
    const appended = await this.store.appendMany(
      writes.map((w) => ({ streamId: w.streamId, events: w.pending, expectedRevision: w.baseRevision < 0n ? 'no_stream' : w.baseRevision })),
    );
    for (const [i, write] of writes.entries()) {
      const result = appended[i]!;
      const positions = new Map(write.positions);
      for (const [j, event] of write.pending.entries()) {
        const position = result.positions[j]!;
        positions.set(event.eventId.toLowerCase(), position);
        const outcome = outcomes[write.pendingFacts[j]!]!;
        outcome.position = Number(position);
        outcome.appended = result.duplicates < write.pending.length;
      }
      this.states.remember({ streamId: write.streamId, revision: result.nextExpectedRevision, state: write.state, positions });
    }
    return this.shareDuplicates(outcomes, facts);
  }

  private async decideOne(
    fact: Fact,
    index: number,
    context: WriteContext,
    load: (streamId: string, decider: AnyDecider) => Promise<WorkingStream>,
  ): Promise<FactOutcome> {
    const decider = deciderOf(fact.type);
    const own = await load(streamOf(fact), decider);
    const streamerId = streamerIdOf(fact, own.state);
    const streamer = streamerId === undefined ? undefined : ((await load(`streamer-${streamerId}`, streamerDecider)).state as StreamerState);

    const family = catalog[fact.type].family;
    const region = regionOf(fact, own.state, streamer);
    // An unknown region means the aggregate the fact refers to is unknown; the rules reject that
    // with a better reason, so the region check waits until after deciding.
    const refusal = writeRefusal(context.principal, family, region ?? context.principal.regionCode);
    if (refusal) return this.refuseScope(fact, index, refusal, context);

    const stored = own.positions.get(fact.id.toLowerCase());
    if (stored !== undefined) return { id: fact.id, status: 'accepted', position: Number(stored), appended: false };

    let events;
    try {
      events = decideFact(fact, { state: own.state, streamer, now: context.now });
    } catch (error) {
      if (error instanceof DomainRuleViolation) return { id: fact.id, status: 'rejected', reason: `${error.rule}: ${error.message}`, path: error.path, appended: false };
      throw error;
    }
    if (region === undefined && context.principal.regionCode !== undefined) {
      return this.refuseScope(fact, index, `API key ${context.principal.keyId} is limited to region ${context.principal.regionCode}, and this fact's region is unknown`, context);
    }
    for (const event of events) {
      own.state = decider.evolve(own.state, event);
      own.pending.push({
        eventId: fact.id,
        type: event.type,
        data: event.data,
        metadata: {
          schemaVersion: catalog[event.type].version,
          sender: context.principal.keyId,
          correlationId: context.correlationId,
          causationId: fact.id,
          acceptedAt: context.now.toISOString(),
        },
      });
      own.pendingFacts.push(index);
    }
    return { id: fact.id, status: 'accepted', appended: true };
  }

  private refuseScope(fact: Fact, index: number, reason: string, context: WriteContext): FactOutcome {
    if (context.scopeRefusal === 'request') throw new HttpError(403, `fact ${index} (${fact.type} ${fact.id}): ${reason}; nothing was written`);
    return { id: fact.id, status: 'rejected', reason: `${SCOPE_RULE}: ${reason}`, appended: false };
  }

  /** Copies of a fact later in the call get the first copy's final position. */
  private shareDuplicates(outcomes: FactOutcome[], facts: ReadonlyArray<IncomingFact>): FactOutcome[] {
    const first = new Map<string, FactOutcome>();
    return outcomes.map((outcome, i) => {
      const parsed = facts[i]!;
      if (!parsed.ok) return outcome;
      const key = parsed.value.id.toLowerCase();
      const original = first.get(key);
      if (!original) {
        first.set(key, outcome);
        return outcome;
      }
      const { appended: _ignored, ...shared } = original;
      return { ...shared, appended: false };
    });
  }
}
