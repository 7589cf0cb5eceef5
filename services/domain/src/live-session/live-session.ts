import { facts, type EventData, type Platform } from '@redstream/schema';
import { violation, type CommandMetadata, type Decider, type FactEvent } from '../decider.ts';
import { requireStreamer, type StreamerState } from '../streamer/state.ts';

/**
 * Live sessions (直播场次). Start and end belong to the streamer's aggregate (one open session per
 * platform is a rule over all of a streamer's sessions); the audience snapshots of a session are an
 * aggregate of their own, `liveaudience-<sessionId>`, decided against the streamer's state.
 */
export interface LiveSession {
  platform: Platform;
  startedAt: string;
  startedMs: number;
  endedAt: string | null;
  endedMs: number | null;
}

/** Platform clocks drift; a session or snapshot stamped a few minutes ahead of ours is believable. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** How long after a session ends a sale may still name it (late payment), unless configured. */
export const DEFAULT_LIVE_SALE_GRACE_MS = facts.DEFAULT_LIVE_SALE_GRACE_MINUTES * 60_000;

function refuseFuture(at: string, now: Date, rule: string, path: string): void {
  if (Date.parse(at) > now.getTime() + FUTURE_TOLERANCE_MS) violation(rule, path, `${at} is in the future (now ${now.toISOString()})`);
}

const contains = (s: LiveSession, ms: number) => ms >= s.startedMs && (s.endedMs === null || ms <= s.endedMs);

/** The streamer's rules for starting a session. */
export function decideStart(streamer: StreamerState, data: EventData<'LiveSessionStarted'>, now: Date): void {
  requireStreamer(streamer, data.streamerId, 'live.unknown-streamer');
  if (streamer.sessions.has(data.sessionId)) violation('live.session-already-started', '$.data.sessionId', `live session ${data.sessionId} is already started`);
  refuseFuture(data.startedAt, now, 'live.started-in-future', '$.data.startedAt');
  const startMs = Date.parse(data.startedAt);
  for (const [id, s] of streamer.sessions) {
    if (s.platform !== data.platform) continue;
    if (s.endedMs === null) {
      violation('live.session-already-open', '$.data.platform', `streamer ${data.streamerId} already has live session ${id} open on ${s.platform} since ${s.startedAt}; end it first`);
    }
    if (contains(s, startMs)) {
      violation('live.session-already-open', '$.data.startedAt', `streamer ${data.streamerId} was live on ${s.platform} in session ${id} (${s.startedAt} – ${s.endedAt}) at ${data.startedAt}`);
    }
  }
}

/** The streamer's rules for ending a session. */
export function decideEnd(streamer: StreamerState, data: EventData<'LiveSessionEnded'>, now: Date): void {
  requireStreamer(streamer, data.streamerId, 'live.unknown-streamer');
  const session = streamer.sessions.get(data.sessionId);
  if (!session) return violation('live.unknown-session', '$.data.sessionId', `streamer ${data.streamerId} has no live session ${data.sessionId}`);
  if (session.endedAt !== null) violation('live.session-already-ended', '$.data.sessionId', `live session ${data.sessionId} already ended at ${session.endedAt}`);
  if (Date.parse(data.endedAt) < session.startedMs) violation('live.end-before-start', '$.data.endedAt', `live session ${data.sessionId} cannot end at ${data.endedAt}, before its start at ${session.startedAt}`);
  refuseFuture(data.endedAt, now, 'live.ended-in-future', '$.data.endedAt');
}

/** Folds a session's start or end into the streamer's map of sessions (a new map: state stays immutable). */
export function evolveSessions(sessions: ReadonlyMap<string, LiveSession>, event: FactEvent<'LiveSessionStarted' | 'LiveSessionEnded'>): ReadonlyMap<string, LiveSession> {
  const next = new Map(sessions);
  if (event.type === 'LiveSessionStarted') {
    const d = event.data;
    next.set(d.sessionId, { platform: d.platform, startedAt: d.startedAt, startedMs: Date.parse(d.startedAt), endedAt: null, endedMs: null });
  } else {
    const s = sessions.get(event.data.sessionId);
    if (s) next.set(event.data.sessionId, { ...s, endedAt: event.data.endedAt, endedMs: Date.parse(event.data.endedAt) });
  }
  return next;
}

/**
 * A sale naming a live session: the session must be the same streamer's and open at the sale's
 * time, or ended at most `graceMs` before it (a payment completed after the stream went off air).
 */
export function checkSaleSession(streamer: StreamerState, sale: EventData<'SaleRecorded'>, graceMs: number): void {
  if (sale.liveSessionId === undefined) return;
  const session = streamer.sessions.get(sale.liveSessionId);
  if (!session) return violation('order.unknown-live-session', '$.data.liveSessionId', `streamer ${sale.streamerId} has no live session ${sale.liveSessionId}`);
  const at = Date.parse(sale.occurredAt);
  const latest = session.endedMs === null ? Number.POSITIVE_INFINITY : session.endedMs + graceMs;
  if (at < session.startedMs || at > latest) {
    violation(
      'order.outside-live-session',
      '$.data.occurredAt',
      `sale at ${sale.occurredAt} is outside live session ${sale.liveSessionId} (${session.startedAt} – ${session.endedAt ?? 'on air'}, ${Math.round(graceMs / 60_000)} minutes' grace after the end)`,
    );
  }
}

type Snapshot = EventData<'LiveAudienceReported'>;

export interface LiveAudienceState {
  /** The latest snapshot; cumulative counters are compared with it. */
  last: Snapshot | null;
}

export type LiveAudienceCommand = { type: 'ReportLiveAudience'; data: Snapshot; streamer: StreamerState | undefined } & CommandMetadata;
export type LiveAudienceEvent = FactEvent<'LiveAudienceReported'>;

/** The audience of one session: snapshots in time order, inside the session, counters never falling. */
export const liveAudienceDecider: Decider<LiveAudienceCommand, LiveAudienceState, LiveAudienceEvent> = {
  initialState: () => ({ last: null }),
  decide(command, state) {
    const { data } = command;
    const streamer = command.streamer;
    requireStreamer(streamer, data.streamerId, 'live.unknown-streamer');
    const session = streamer!.sessions.get(data.sessionId);
    if (!session) return violation('live.unknown-session', '$.data.sessionId', `streamer ${data.streamerId} has no live session ${data.sessionId}`);
    if (state.last && state.last.streamerId !== data.streamerId) {
      violation('live.unknown-session', '$.data.streamerId', `live session ${data.sessionId} is streamer ${state.last.streamerId}'s, not ${data.streamerId}'s`);
    }
    const at = Date.parse(data.at);
    if (!contains(session, at)) {
      violation('live.snapshot-outside-session', '$.data.at', `snapshot at ${data.at} is outside live session ${data.sessionId} (${session.startedAt} – ${session.endedAt ?? 'on air'})`);
    }
    refuseFuture(data.at, command.now, 'live.snapshot-in-future', '$.data.at');
    if (data.views !== undefined && data.viewers !== undefined && data.viewers > data.views) {
      violation('live.viewers-exceed-views', '$.data.viewers', `unique viewers (${data.viewers}) cannot exceed views (${data.views})`);
    }
    const last = state.last;
    if (last) {
      if (at <= Date.parse(last.at)) violation('live.snapshot-out-of-order', '$.data.at', `snapshot at ${data.at} is not after the session's latest snapshot at ${last.at}`);
      for (const field of facts.CUMULATIVE_AUDIENCE_FIELDS) {
        const before = last[field];
        const now = data[field];
        if (before !== undefined && now !== undefined && now < before) {
          violation('live.counter-decreased', `$.data.${field}`, `${field} is cumulative within a session: ${now} at ${data.at} is below ${before} at ${last.at}`);
        }
      }
    }
    return [{ type: 'LiveAudienceReported', data }];
  },
  evolve: (state, event) => ({
    // A counter a snapshot leaves out keeps its last known value, so a later one is still checked against it.
    last: state.last ? { ...keepCounters(state.last), ...event.data } : event.data,
  }),
};

function keepCounters(last: Snapshot): Partial<Snapshot> {
  const kept: Partial<Record<(typeof facts.CUMULATIVE_AUDIENCE_FIELDS)[number], number>> = {};
  for (const field of facts.CUMULATIVE_AUDIENCE_FIELDS) if (last[field] !== undefined) kept[field] = last[field];
  return kept;
}
