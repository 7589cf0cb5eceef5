import type { ObjectFieldBuilder } from '@pothos/core';
import { builder, READ, type BuilderTypes } from '../builder.ts';
import { liveSessions, METRIC_DEFINITIONS, type LiveMetrics, type LiveSessionFigures, type MetricDefinition } from '@redstream/queries';

/** The live metrics of METRIC_DEFINITIONS as fields, for a session and for a group of sessions alike. */
export function liveMetricFields<P extends LiveMetrics>(t: ObjectFieldBuilder<BuilderTypes, P>) {
  return {
    gmv: t.field({ type: 'Money', resolve: (s) => s.gmvFen }),
    netSales: t.field({ type: 'Money', resolve: (s) => s.netSalesFen }),
    orders: t.int({ resolve: (s) => s.orders }),
    buyers: t.int({ description: 'Distinct buyerRef', resolve: (s) => s.buyers }),
    pcu: t.field({ type: 'SafeInt', description: 'Peak online (over several sessions the highest session peak)', resolve: (s) => s.pcu }),
    views: t.field({ type: 'SafeInt', resolve: (s) => s.views }),
    viewers: t.field({ type: 'SafeInt', resolve: (s) => s.viewers }),
    avgWatchSeconds: t.int({ nullable: true, resolve: (s) => s.avgWatchSeconds }),
    uvValue: t.field({ type: 'Money', nullable: true, description: 'UV价值 = GMV ÷ UV', resolve: (s) => s.uvValueFen }),
    gpmOverViews: t.field({ type: 'Money', nullable: true, description: 'GMV × 1000 ÷ views (PV)', resolve: (s) => s.gpmPvFen }),
    gpmOverViewers: t.field({ type: 'Money', nullable: true, description: 'GMV × 1000 ÷ viewers (UV): not comparable with gpmOverViews', resolve: (s) => s.gpmUvFen }),
    viewConversionBp: t.int({ nullable: true, description: '看播成交转化率 = buyers ÷ UV, basis points', resolve: (s) => s.viewConversionBp }),
    clickConversionBp: t.int({ nullable: true, description: '点击成交转化率 = buyers ÷ product-click users, basis points', resolve: (s) => s.clickConversionBp }),
    avgOrderValue: t.field({ type: 'Money', nullable: true, description: '客单价 = GMV ÷ buyers', resolve: (s) => s.avgOrderValueFen }),
    refundRateBp: t.int({ nullable: true, description: '退款率 = refunded orders ÷ orders, basis points', resolve: (s) => s.refundRateBp }),
    followerGain: t.field({ type: 'SafeInt', resolve: (s) => s.followerGain }),
  };
}

/** 口径: each metric's definition, so a screen legend or a summary appendix shows what a figure means. */
const MetricDefinitionRef = builder.objectRef<MetricDefinition>('MetricDefinition').implement({
  description: 'What a metric means (口径). A changed definition is a new version, never a silent change.',
  fields: (t) => ({
    id: t.exposeString('id'),
    nameZh: t.exposeString('nameZh'),
    nameEn: t.exposeString('nameEn'),
    formula: t.exposeString('formula'),
    numerator: t.exposeString('numerator'),
    denominator: t.exposeString('denominator', { nullable: true, description: 'Null for a count or a sum' }),
    sourceEvents: t.exposeStringList('sourceEvents'),
    unit: t.exposeString('unit'),
    version: t.exposeInt('version'),
  }),
});

export const LiveSessionFilterInput = builder.inputType('LiveSessionFilter', {
  description: 'Sessions started on Asia/Shanghai days [from, to] (YYYY-MM-DD, inclusive), in a region, of a streamer, park or platform. Their sales and refunds follow them.',
  fields: (t) => ({
    from: t.string({ required: false }),
    to: t.string({ required: false }),
    regionCode: t.string({ required: false }),
    streamerId: t.string({ required: false }),
    parkId: t.string({ required: false }),
    platform: t.string({ required: false, description: 'Wire value: douyin, kuaishou, taobao, wechat_channels, other.' }),
  }),
});

const LiveSessionRef = builder.objectRef<LiveSessionFigures>('LiveSession').implement({
  description: 'A live session (直播场次) and its figures; every ratio is null when its denominator is 0. See metricDefinitions.',
  fields: (t) => ({
    sessionId: t.exposeString('sessionId'),
    streamerId: t.exposeString('streamerId'),
    platform: t.exposeString('platform'),
    title: t.exposeString('title'),
    parkId: t.exposeString('parkId'),
    regionCode: t.exposeString('regionCode'),
    startedAt: t.exposeString('startedAt', { description: 'Asia/Shanghai wall time' }),
    endedAt: t.exposeString('endedAt', { nullable: true, description: 'Null while on air' }),
    ...liveMetricFields(t),
  }),
});

builder.queryFields((t) => ({
  metricDefinitions: t.field({
    type: [MetricDefinitionRef],
    authScopes: READ,
    resolve: () => [...METRIC_DEFINITIONS],
  }),
  liveSessions: t.field({
    type: [LiveSessionRef],
    authScopes: READ,
    complexity: { field: 20, multiplier: 2 },
    args: { filter: t.arg({ type: LiveSessionFilterInput }), limit: t.arg.int({ required: false, description: 'At most 500; default 100' }) },
    resolve: (_root, { filter, limit }, ctx) => liveSessions(ctx.query, filter, Math.min(500, Math.max(1, limit ?? 100))),
  }),
}));
