import { describe, it } from 'vitest';
import type { EventData } from '@redstream/schema';
import { deciderSpecification } from '../testing/decider-specification.ts';
import { sampleData as d, sampleNow as now } from '../testing/sample-facts.ts';
import { streamerDecider, type StreamerEvent, type StreamerState } from '../streamer/streamer.ts';
import { orderDecider } from '../order/order.ts';
import { liveAudienceDecider, type LiveAudienceEvent } from './live-session.ts';

const registered: StreamerEvent = { type: 'StreamerRegistered', data: d.StreamerRegistered };
const started = (over: Partial<EventData<'LiveSessionStarted'>> = {}): StreamerEvent => ({ type: 'LiveSessionStarted', data: { ...d.LiveSessionStarted, ...over } });
const ended = (over: Partial<EventData<'LiveSessionEnded'>> = {}): StreamerEvent => ({ type: 'LiveSessionEnded', data: { ...d.LiveSessionEnded, ...over } });
const start = (over: Partial<EventData<'LiveSessionStarted'>> = {}) => ({ type: 'StartLiveSession' as const, data: { ...d.LiveSessionStarted, ...over }, now });
const end = (over: Partial<EventData<'LiveSessionEnded'>> = {}) => ({ type: 'EndLiveSession' as const, data: { ...d.LiveSessionEnded, ...over }, now });
const streamerAfter = (events: StreamerEvent[]): StreamerState => events.reduce(streamerDecider.evolve, streamerDecider.initialState());

describe('live session (the streamer aggregate)', () => {
  const given = deciderSpecification(streamerDecider);

  it('starts a session of a registered streamer and ends it', () => {
    given([registered]).when(start()).then([started()]);
    given([registered, started()]).when(end()).then([ended()]);
  });

  it('refuses a session of an unknown streamer', () => {
    given([]).when(start()).thenThrows('live.unknown-streamer', '$.data.streamerId');
  });

  it('refuses a session id already started', () => {
    given([registered, started(), ended()]).when(start({ startedAt: '2022-06-19T19:30:00+08:00' })).thenThrows('live.session-already-started', '$.data.sessionId');
  });

  it('keeps one open session per streamer and platform', () => {
    given([registered, started()]).when(start({ sessionId: 'live-2', startedAt: '2022-06-18T21:00:00+08:00' })).thenThrows('live.session-already-open', '$.data.platform');
    // Another platform at the same time is another room.
    given([registered, started()]).when(start({ sessionId: 'live-2', platform: 'kuaishou' })).then([started({ sessionId: 'live-2', platform: 'kuaishou' })]);
    // After the end, the next session may start; one starting inside an ended one may not (a late import).
    given([registered, started(), ended()]).when(start({ sessionId: 'live-2', startedAt: '2022-06-19T19:30:00+08:00' })).then([started({ sessionId: 'live-2', startedAt: '2022-06-19T19:30:00+08:00' })]);
    given([registered, started(), ended()]).when(start({ sessionId: 'live-2', startedAt: '2022-06-18T21:00:00+08:00' })).thenThrows('live.session-already-open', '$.data.startedAt');
  });

  it('refuses an end before the start, of an unknown session, or twice', () => {
    given([registered, started()]).when(end({ endedAt: '2022-06-18T19:29:59+08:00' })).thenThrows('live.end-before-start', '$.data.endedAt');
    given([registered]).when(end()).thenThrows('live.unknown-session', '$.data.sessionId');
    given([registered, started(), ended()]).when(end()).thenThrows('live.session-already-ended', '$.data.sessionId');
  });

  it('refuses a start or an end in the future', () => {
    given([registered]).when(start({ startedAt: '2023-01-01T08:06:00+08:00' })).thenThrows('live.started-in-future', '$.data.startedAt');
    given([registered, started()]).when(end({ endedAt: '2023-01-01T08:06:00+08:00' })).thenThrows('live.ended-in-future', '$.data.endedAt');
  });
});

describe('live audience (snapshots of one session)', () => {
  const given = deciderSpecification(liveAudienceDecider);
  const onAir = streamerAfter([registered, started()]);
  const offAir = streamerAfter([registered, started(), ended()]);
  const snap = (over: Partial<EventData<'LiveAudienceReported'>> = {}) => ({ ...d.LiveAudienceReported, ...over });
  const report = (over: Partial<EventData<'LiveAudienceReported'>> = {}, streamer: StreamerState | undefined = onAir) => ({
    type: 'ReportLiveAudience' as const,
    data: snap(over),
    streamer,
    now,
  });
  const reported = (over: Partial<EventData<'LiveAudienceReported'>> = {}): LiveAudienceEvent => ({ type: 'LiveAudienceReported', data: snap(over) });

  it('records a snapshot during the session, and one with only the two required figures', () => {
    given([]).when(report()).then([reported()]);
    const bare = { sessionId: 'live-1', streamerId: 's-1', at: '2022-06-18T20:01:00+08:00', onlineNow: 10 };
    given([reported()]).when({ type: 'ReportLiveAudience', data: bare, streamer: offAir, now }).then([{ type: 'LiveAudienceReported', data: bare }]);
  });

  it('refuses a snapshot of an unknown session or streamer', () => {
    given([]).when(report({ sessionId: 'live-9' })).thenThrows('live.unknown-session', '$.data.sessionId');
    given([]).when(report({}, streamerDecider.initialState())).thenThrows('live.unknown-streamer', '$.data.streamerId');
    // A session of another streamer is not this streamer's session.
    const other = streamerAfter([{ type: 'StreamerRegistered', data: { ...d.StreamerRegistered, streamerId: 's-2' } }]);
    given([]).when(report({ streamerId: 's-2' }, other)).thenThrows('live.unknown-session', '$.data.sessionId');
  });

  it('refuses a snapshot outside the session', () => {
    given([]).when(report({ at: '2022-06-18T19:29:59+08:00' })).thenThrows('live.snapshot-outside-session', '$.data.at');
    given([]).when(report({ at: '2022-06-18T22:00:01+08:00' }, offAir)).thenThrows('live.snapshot-outside-session', '$.data.at');
    given([]).when(report({ at: '2022-06-18T22:00:00+08:00' }, offAir)).then([reported({ at: '2022-06-18T22:00:00+08:00' })]);
  });

  it('refuses a cumulative counter that decreases, naming the counter', () => {
    const later = '2022-06-18T20:01:00+08:00';
    for (const field of ['views', 'viewers', 'newFollowers', 'productClickUsers', 'comments', 'likes', 'watchSeconds'] as const) {
      given([reported()]).when(report({ at: later, [field]: d.LiveAudienceReported[field]! - 1 })).thenThrows('live.counter-decreased', `$.data.${field}`);
    }
    // Online now is a gauge: it may fall.
    given([reported()]).when(report({ at: later, onlineNow: 10 })).then([reported({ at: later, onlineNow: 10 })]);
    // A counter left out of one snapshot is still checked on the next.
    const bare = { sessionId: 'live-1', streamerId: 's-1', at: later, onlineNow: 10 };
    given([reported(), { type: 'LiveAudienceReported', data: bare }])
      .when(report({ at: '2022-06-18T20:02:00+08:00', views: 11_999 }))
      .thenThrows('live.counter-decreased', '$.data.views');
  });

  it('refuses snapshots out of time order, in the future, or with more viewers than views', () => {
    given([reported()]).when(report()).thenThrows('live.snapshot-out-of-order', '$.data.at');
    const now2 = streamerAfter([registered, started({ startedAt: '2022-12-31T23:00:00Z' })]);
    given([]).when(report({ at: '2023-01-01T00:06:00Z' }, now2)).thenThrows('live.snapshot-in-future', '$.data.at');
    given([]).when(report({ viewers: 12_001 })).thenThrows('live.viewers-exceed-views', '$.data.viewers');
  });
});

describe('a sale naming a live session', () => {
  const given = deciderSpecification(orderDecider);
  const sale = (occurredAt: string, liveSessionId = 'live-1') => ({ ...d.SaleRecorded, occurredAt, liveSessionId });
  const record = (occurredAt: string, streamer: StreamerState, liveSessionId?: string) => ({
    type: 'RecordSale' as const,
    data: sale(occurredAt, liveSessionId),
    streamer,
    liveSaleGraceMs: 15 * 60_000,
    now,
  });
  const onAir = streamerAfter([registered, started()]);
  const offAir = streamerAfter([registered, started(), ended()]);

  it('accepts a sale while the session is open, or within the grace period after its end', () => {
    given([]).when(record('2022-06-18T20:15:00+08:00', onAir)).then([{ type: 'SaleRecorded', data: sale('2022-06-18T20:15:00+08:00') }]);
    given([]).when(record('2022-06-18T22:15:00+08:00', offAir)).then([{ type: 'SaleRecorded', data: sale('2022-06-18T22:15:00+08:00') }]);
  });

  it('refuses a sale before the session or after its grace period', () => {
    given([]).when(record('2022-06-18T19:29:00+08:00', onAir)).thenThrows('order.outside-live-session', '$.data.occurredAt');
    given([]).when(record('2022-06-18T22:15:01+08:00', offAir)).thenThrows('order.outside-live-session', '$.data.occurredAt');
  });

  it('refuses a sale naming an unknown session or another streamer\'s session', () => {
    given([]).when(record('2022-06-18T20:15:00+08:00', onAir, 'live-9')).thenThrows('order.unknown-live-session', '$.data.liveSessionId');
    const other = streamerAfter([registered, started({ sessionId: 'live-other' })]);
    given([]).when(record('2022-06-18T20:15:00+08:00', other)).thenThrows('order.unknown-live-session', '$.data.liveSessionId');
  });
});
