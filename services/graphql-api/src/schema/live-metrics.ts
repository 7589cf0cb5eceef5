import type { ObjectFieldBuilder } from '@pothos/core';
import { builder, READ, type BuilderTypes } from '../builder.ts';
import {
  farmerMetrics,
  LIVE_DIMENSIONS,
  LIVE_GRANULARITIES,
  liveMetricsBreakdown,
  liveMetricsSeries,
  liveMetricsSummary,
  type FarmerMetrics,
  type FarmerMetricsComparison,
  type LiveGroupFigures,
  type LiveMetricsComparison,
  type LiveMetricsPoint,
  type LiveMetricsRow,
} from '@redstream/queries';
import { liveMetricFields, LiveSessionFilterInput as LiveMetricsFilterInput } from './live-sessions.ts';
import { FarmerIncomeFilterInput } from './filters.ts';
import { RegionLevelEnum } from './sales.ts';


const LiveDimensionEnum = builder.enumType('LiveDimension', { values: LIVE_DIMENSIONS });
const LiveGranularityEnum = builder.enumType('LiveGranularity', { values: LIVE_GRANULARITIES });

const LiveFiguresGroupRef = builder.objectRef<LiveGroupFigures>('LiveGroupFigures').implement({
  description: 'Live-session metrics over a group of sessions; every ratio is null when its denominator is 0. See metricDefinitions (v2 of pcu, views, viewers, follower_gain for groups).',
  fields: (t) => ({ sessions: t.exposeInt('sessions'), ...liveMetricFields(t) }),
});

const LiveMetricsSummaryRef = builder.objectRef<LiveMetricsComparison>('LiveMetricsSummary').implement({
  fields: (t) => ({
    sessions: t.exposeInt('sessions'),
    ...liveMetricFields(t),
    previousPeriod: t.field({ type: LiveFiguresGroupRef, nullable: true, description: 'The same number of days just before; null without from and to', resolve: (s) => s.previousPeriod }),
    samePeriodLastYear: t.field({ type: LiveFiguresGroupRef, nullable: true, description: 'The same days a year earlier; null without from and to', resolve: (s) => s.samePeriodLastYear }),
  }),
});

const LiveMetricsRowRef = builder.objectRef<LiveMetricsRow>('LiveMetricsRow').implement({
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Streamer id, park id, region code at regionLevel, or platform' }),
    label: t.exposeString('label', { nullable: true, description: 'Streamer or park name where known' }),
    sessions: t.exposeInt('sessions'),
    ...liveMetricFields(t),
    previousPeriod: t.field({ type: LiveFiguresGroupRef, nullable: true, resolve: (s) => s.previousPeriod }),
    samePeriodLastYear: t.field({ type: LiveFiguresGroupRef, nullable: true, resolve: (s) => s.samePeriodLastYear }),
  }),
});

const LiveMetricsPointRef = builder.objectRef<LiveMetricsPoint>('LiveMetricsPoint').implement({
  fields: (t) => ({
    bucket: t.exposeString('bucket', { description: 'First day of the bucket (YYYY-MM-DD, Asia/Shanghai; weeks from Monday)' }),
    sessions: t.exposeInt('sessions'),
    ...liveMetricFields(t),
    previousPeriod: t.field({ type: LiveFiguresGroupRef, description: 'The bucket before', resolve: (s) => s.previousPeriod }),
    samePeriodLastYear: t.field({ type: LiveFiguresGroupRef, description: 'The same bucket a year earlier (52 weeks for WEEK)', resolve: (s) => s.samePeriodLastYear }),
  }),
});

const farmerFields = <P extends FarmerMetrics>(t: ObjectFieldBuilder<BuilderTypes, P>) => ({
  paid: t.field({ type: 'Money', resolve: (s) => s.paidFen }),
  premium: t.field({ type: 'Money', description: 'Σ (paid − reference price × quantity) over pricedPayments (farmer_premium)', resolve: (s) => s.premiumFen }),
  pricedPayments: t.int({ resolve: (s) => s.pricedPayments }),
  payments: t.int({ resolve: (s) => s.payments }),
  households: t.int({ resolve: (s) => s.households }),
  paidPerHousehold: t.field({ type: 'Money', nullable: true, resolve: (s) => s.paidPerHouseholdFen }),
  householdsIncomeRose: t.int({ nullable: true, description: 'Households paid now and a year earlier whose total is higher now; null without from and to', resolve: (s) => s.householdsIncomeRose }),
  householdsComparable: t.int({ nullable: true, description: 'Households paid both now and a year earlier', resolve: (s) => s.householdsComparable }),
});

const FarmerMetricsRef = builder.objectRef<FarmerMetrics>('FarmerMetrics').implement({ description: 'Farmer income by METRIC_DEFINITIONS (farmer_paid, farmer_premium, households, farmer_paid_per_household, households_income_rose).', fields: (t) => farmerFields(t) });

const FarmerMetricsSummaryRef = builder.objectRef<FarmerMetricsComparison>('FarmerMetricsSummary').implement({
  fields: (t) => ({
    ...farmerFields(t),
    previousPeriod: t.field({ type: FarmerMetricsRef, nullable: true, resolve: (s) => s.previousPeriod }),
    samePeriodLastYear: t.field({ type: FarmerMetricsRef, nullable: true, resolve: (s) => s.samePeriodLastYear }),
  }),
});

builder.queryFields((t) => ({
  liveMetrics: t.field({
    type: LiveMetricsSummaryRef,
    description: 'Live-session metrics of the filter’s sessions, with the period before and a year earlier.',
    authScopes: READ,
    complexity: 30,
    args: { filter: t.arg({ type: LiveMetricsFilterInput }) },
    resolve: (_root, { filter }, ctx) => liveMetricsSummary(ctx.query, filter),
  }),
  liveMetricsBreakdown: t.field({
    type: [LiveMetricsRowRef],
    description: 'Live-session metrics per streamer, park, region or platform, top-N by GMV, each with its period before and a year earlier.',
    authScopes: READ,
    args: {
      filter: t.arg({ type: LiveMetricsFilterInput }),
      by: t.arg({ type: LiveDimensionEnum, required: true }),
      regionLevel: t.arg({ type: RegionLevelEnum, description: 'For REGION; default COUNTY' }),
      limit: t.arg.int({ defaultValue: 50 }),
    },
    complexity: (args) => ({ field: 30, multiplier: Math.max(1, Math.ceil((args.limit ?? 50) / 10)) }),
    resolve: (_root, { filter, by, regionLevel, limit }, ctx) => liveMetricsBreakdown(ctx.query, filter, by, { regionLevel, limit: Math.min(500, limit ?? 50) }),
  }),
  liveMetricsSeries: t.field({
    type: [LiveMetricsPointRef],
    description: 'Live-session metrics per day, week or month of the sessions’ start over [from, to], each with the bucket before and a year earlier.',
    authScopes: READ,
    complexity: { field: 40, multiplier: 5 },
    args: { filter: t.arg({ type: LiveMetricsFilterInput }), granularity: t.arg({ type: LiveGranularityEnum, required: true }) },
    resolve: (_root, { filter, granularity }, ctx) => liveMetricsSeries(ctx.query, filter, granularity),
  }),
  farmerMetrics: t.field({
    type: FarmerMetricsSummaryRef,
    description: 'Farmer income paid, premium over reference prices, households, per household and households whose income rose; with the period before and a year earlier.',
    authScopes: READ,
    complexity: 20,
    args: { filter: t.arg({ type: FarmerIncomeFilterInput }) },
    resolve: (_root, { filter }, ctx) => farmerMetrics(ctx.query, filter),
  }),
}));
