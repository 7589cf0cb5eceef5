import type { ObjectFieldBuilder } from '@pothos/core';
import { builder, READ, type BuilderTypes } from '../builder.ts';
import { DIMENSIONS, salesBreakdown, salesSeries, salesSummary, topStreamers, type BreakdownRow, type SalesFigures, type SalesPoint, type StreamerRanking } from '@redstream/queries';
import { GRANULARITIES } from '@redstream/queries';
import { SalesFilterInput } from './filters.ts';
import { selectsField } from './selection.ts';

export const GranularityEnum = builder.enumType('Granularity', { values: GRANULARITIES });

export const SalesDimensionEnum = builder.enumType('SalesDimension', {
  description:
    'REGION: the streamer’s region at regionLevel; BUYER_REGION: where buyers live, at regionLevel; BRANCH: the Party branch of the streamer’s park; PARTY_STATUS: the streamer’s current status.',
  values: DIMENSIONS,
});

export const RegionLevelEnum = builder.enumType('RegionLevel', { values: ['PROVINCE', 'CITY', 'COUNTY', 'TOWN', 'VILLAGE'] as const });

/** The sales figures as fields, for a summary, a series bucket and a breakdown row alike. */
function salesFigureFields<P extends SalesFigures>(t: ObjectFieldBuilder<BuilderTypes, P>) {
  return {
    orders: t.int({ resolve: (s) => s.orders }),
    gmv: t.field({ type: 'Money', resolve: (s) => s.gmv }),
    refunds: t.field({ type: 'Money', resolve: (s) => s.refunds }),
    netSales: t.field({ type: 'Money', description: 'gmv − refunds', resolve: (s) => s.netSales }),
    averageOrderValue: t.field({ type: 'Money', description: 'gmv / orders, rounded to the fen', resolve: (s) => s.averageOrderValue }),
    streamers: t.int({ description: 'Distinct streamers with a sale', resolve: (s) => s.streamers }),
  };
}

export const SalesSummaryRef = builder.objectRef<SalesFigures>('SalesSummary').implement({
  fields: (t) => salesFigureFields(t),
});

const SalesPointRef = builder.objectRef<SalesPoint>('SalesPoint').implement({
  fields: (t) => ({
    bucket: t.exposeString('bucket', { description: 'ISO start of the bucket in Asia/Shanghai, e.g. 2025-06-18T00:00:00+08:00' }),
    ...salesFigureFields(t),
    previousPeriod: t.field({ type: SalesSummaryRef, description: 'The bucket before (same filter, shifted back one bucket)', resolve: (s) => s.previousPeriod }),
    samePeriodLastYear: t.field({ type: SalesSummaryRef, description: 'The same bucket a year earlier (52 weeks for WEEK)', resolve: (s) => s.samePeriodLastYear }),
  }),
});

const StreamerRankingRef = builder.objectRef<StreamerRanking>('StreamerRanking').implement({
  fields: (t) => ({
    streamerId: t.exposeString('streamerId'),
    displayName: t.exposeString('displayName'),
    gmv: t.field({ type: 'Money', resolve: (s) => s.gmv }),
    orders: t.exposeInt('orders'),
    netSales: t.field({ type: 'Money', resolve: (s) => s.netSales }),
  }),
});

export const SalesBreakdownRowRef = builder.objectRef<BreakdownRow>('SalesBreakdownRow').implement({
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Region code, park id, platform, category, streamer id, branch id or party status; "" for none' }),
    label: t.exposeString('label', { nullable: true, description: 'Region name (the code when unnamed), park, streamer or branch name where known' }),
    ...salesFigureFields(t),
  }),
});

export { StreamerRankingRef, SalesPointRef };

builder.queryFields((t) => ({
  salesSummary: t.field({
    type: SalesSummaryRef,
    authScopes: READ,
    complexity: 10,
    args: { filter: t.arg({ type: SalesFilterInput }) },
    resolve: (_root, { filter }, ctx, info) => salesSummary(ctx.query, filter, { streamers: selectsField(info, 'streamers') }),
  }),
  salesSeries: t.field({
    type: [SalesPointRef],
    authScopes: READ,
    complexity: { field: 30, multiplier: 5 },
    args: { filter: t.arg({ type: SalesFilterInput }), granularity: t.arg({ type: GranularityEnum, required: true }) },
    resolve: (_root, { filter, granularity }, ctx, info) => salesSeries(ctx.query, filter, granularity, { streamers: selectsField(info, 'streamers') }),
  }),
  topStreamers: t.field({
    type: [StreamerRankingRef],
    authScopes: READ,
    args: { filter: t.arg({ type: SalesFilterInput }), limit: t.arg.int({ defaultValue: 10 }) },
    complexity: (args) => ({ field: 20, multiplier: Math.max(1, Math.ceil((args.limit ?? 10) / 10)) }),
    resolve: (_root, { filter, limit }, ctx) => topStreamers(ctx.query, filter, limit ?? 10),
  }),
  salesBreakdown: t.field({
    type: [SalesBreakdownRowRef],
    description: 'Sales by one dimension, top-N by GMV (ties by key).',
    authScopes: READ,
    args: {
      filter: t.arg({ type: SalesFilterInput }),
      by: t.arg({ type: SalesDimensionEnum, required: true }),
      regionLevel: t.arg({ type: RegionLevelEnum, description: 'For REGION and BUYER_REGION; default COUNTY' }),
      limit: t.arg.int({ defaultValue: 50 }),
    },
    complexity: (args) => ({ field: 20, multiplier: Math.max(1, Math.ceil((args.limit ?? 50) / 10)) }),
    resolve: (_root, { filter, by, regionLevel, limit }, ctx, info) =>
      salesBreakdown(ctx.query, filter, { by, regionLevel, limit }, { streamers: selectsField(info, 'streamers') }),
  }),
}));
