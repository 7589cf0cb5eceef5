import { catalog, streamOf, streams, type Fact, type Parsed } from '@redstream/schema';
import { DomainRuleViolation, decideFact, deciderOf, deciders, regionOf, streamerIdOf, type AnyDecider, type StreamerState } from '@redstream/domain';
import { WrongExpectedRevision, type AppendResult, type EventStore, type NewEvent, type StreamWrite } from '@redstream/event-store';
import { HttpError, writeRefusal, type Principal } from '@redstream/service-kit';
import { StreamStates, type StreamState } from './stream-states.ts';
import { GroupCommit } from './group-commit.ts';

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
  /** Read from the store in this attempt (true), or as this process last saw it (false). */
  verified: boolean;
  baseRevision: bigint;
  pending: NewEvent[];
  /** Index in the request of each pending event. */
  pendingFacts: number[];
}

/** A rule refused a fact on a state not read from the store: decide again on verified state. */
class UnverifiedRefusal extends Error {}

const MAX_ATTEMPTS = 10;
const streamerDecider = deciders.streamer as unknown as AnyDecider;
const SCOPE_RULE = 'auth.out-of-scope';

/**
 * The write path. Facts (schema-checked, or carrying their refusal) are decided in request order
 * against their aggregate's state — later facts see earlier ones, so a streamer and its first
 * sale can arrive together — and everything accepted is appended in one `appendMany`, each stream
 * with the revision its state was decided at as expected revision.
 *
 * The first attempt is optimistic: it decides on the state this process last saw (empty for a
 * stream it never saw, which is what a new order is) without reading the store, because the
 * expected revision makes the append itself the check. When that check fails, or a rule refuses
 * a fact on unread state, the attempt is redone reading every stream. A fact already in the store
 * comes back from the append (the store dedupes by event id) with its first position.
 */
export class FactWriter {
  private readonly states: StreamStates;
  private readonly appendMany: (writes: StreamWrite[]) => Promise<AppendResult[]>;

  private readonly liveSaleGraceMs: number | undefined;

  constructor(store: EventStore, options: { cacheEntries?: number | undefined; liveSaleGraceMs?: number | undefined } = {}) {
    this.liveSaleGraceMs = options.liveSaleGraceMs;
    this.states = new StreamStates(store, options.cacheEntries);
    // KurrentDB appends stream by stream anyway; merging only pays where a commit is one transaction.
    if (store.kind === 'embedded') {
      const group = new GroupCommit((writes) => store.appendMany(writes));
      this.appendMany = (writes) => group.append(writes);
    } else this.appendMany = (writes) => store.appendMany(writes);
  }

  async write(facts: readonly IncomingFact[], context: WriteContext): Promise<FactOutcome[]> {
    let verify = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(facts, context, verify);
      } catch (error) {
        const retry = error instanceof UnverifiedRefusal || error instanceof WrongExpectedRevision;
        if (!retry) throw error;
        if (attempt >= MAX_ATTEMPTS) throw new HttpError(503, `too many concurrent writes to the same aggregates; send the facts again`);
        verify = true;
      }
    }
  }

  private async attempt(facts: readonly IncomingFact[], context: WriteContext, verify: boolean): Promise<FactOutcome[]> {
    const working = new Map<string, WorkingStream>();
    const open = async (streamId: string, decider: AnyDecider, read: boolean): Promise<WorkingStream> => {
      let stream = working.get(streamId);
      if (!stream) {
        const base = read ? await this.states.load(streamId, decider) : this.states.lastSeen(streamId, decider);
        stream = { ...base, decider, verified: read, baseRevision: base.revision, pending: [], pendingFacts: [] };
        working.set(streamId, stream);
      }
      return stream;
    };

    const outcomes: FactOutcome[] = [];
    const firstById = new Map<string, FactOutcome>();
    for (const [index, parsed] of facts.entries()) {
      if (!parsed.ok) {
        outcomes.push({ id: parsed.id ?? '', status: 'rejected', reason: parsed.error.reason, path: parsed.error.path, appended: false });
        continue;
      }
      const idKey = parsed.value.id.toLowerCase();
      const first = firstById.get(idKey);
      if (first) {
        // The same fact twice in one call: the copy shares the first one's answer (filled in below).
        outcomes.push(first);
        continue;
      }
      const outcome = await this.decideOne(parsed.value, index, context, open, verify);
      firstById.set(idKey, outcome);
      outcomes.push(outcome);
    }

    const writes = [...working.values()].filter((w) => w.pending.length > 0);
    if (writes.length > 0) {
      const results = await this.appendMany(
        writes.map((w) => ({ streamId: w.streamId, events: w.pending, expectedRevision: w.baseRevision < 0n ? 'no_stream' : w.baseRevision })),
      );
      for (const [i, write] of writes.entries()) {
        const result = results[i]!;
        const positions = new Map(write.positions);
        for (const [j, event] of write.pending.entries()) {
          positions.set(event.eventId.toLowerCase(), result.positions[j]!);
          const outcome = outcomes[write.pendingFacts[j]!]!;
          outcome.position = Number(result.positions[j]!);
          outcome.appended = result.duplicates === 0;
        }
        // Events already stored mean the stream held more than the state decided on: read it next time.
        if (result.duplicates > 0) this.states.forget(write.streamId);
        else this.states.remember({ streamId: write.streamId, revision: result.nextExpectedRevision, state: write.state, positions });
      }
    }
    const seen = new Set<FactOutcome>();
    return outcomes.map((o) => (seen.has(o) ? { ...o, appended: false } : (seen.add(o), o)));
  }

  private async decideOne(
    fact: Fact,
    index: number,
    context: WriteContext,
    open: (streamId: string, decider: AnyDecider, read: boolean) => Promise<WorkingStream>,
    verify: boolean,
  ): Promise<FactOutcome> {
    const decider = deciderOf(fact.type);
    const own = await open(streamOf(fact), decider, verify);
    const streamerId = streamerIdOf(fact, own.state);
    const streamer = streamerId === undefined ? undefined : await this.streamerState(streamerId, open, verify);

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
      events = decideFact(fact, { state: own.state, streamer, now: context.now, liveSaleGraceMs: this.liveSaleGraceMs });
    } catch (error) {
      if (!(error instanceof DomainRuleViolation)) throw error;
      if (!own.verified) throw new UnverifiedRefusal();
      return { id: fact.id, status: 'rejected', reason: `${error.rule}: ${error.message}`, path: error.path, appended: false };
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
          // The fact's own data, parsed against this schema version at the door: projections need not validate it again.
          ...(event.type === fact.type && event.data === fact.data ? { validated: true as const } : {}),
        },
      });
      own.pendingFacts.push(index);
    }
    return { id: fact.id, status: 'accepted', appended: true };
  }

  /**
   * A streamer referred to by another fact. What the rules ask of it — registered, in which
   * region — never changes once registered, so a registered streamer seen before needs no read;
   * an unknown one is read, since "unknown" may just be news to this process.
   */
  private async streamerState(
    streamerId: string,
    open: (streamId: string, decider: AnyDecider, read: boolean) => Promise<WorkingStream>,
    verify: boolean,
  ): Promise<StreamerState> {
    const streamId = streams.streamer(streamerId);
    if (!verify) {
      const seen = await open(streamId, streamerDecider, false);
      if ((seen.state as StreamerState).profile || seen.pending.length > 0 || seen.verified) return seen.state as StreamerState;
      // Not registered as far as this process knows: read it. Nothing was decided on the unread copy.
      const read = await this.states.load(streamId, streamerDecider);
      Object.assign(seen, read, { verified: true, baseRevision: read.revision });
      return seen.state as StreamerState;
    }
    return (await open(streamId, streamerDecider, true)).state as StreamerState;
  }

  private refuseScope(fact: Fact, index: number, reason: string, context: WriteContext): FactOutcome {
    if (context.scopeRefusal === 'request') throw new HttpError(403, `fact ${index} (${fact.type} ${fact.id}): ${reason}; nothing was written`);
    return { id: fact.id, status: 'rejected', reason: `${SCOPE_RULE}: ${reason}`, appended: false };
  }
}
