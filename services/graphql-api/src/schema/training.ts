import { builder, READ } from '../builder.ts';
import { training, trainingEffect, type TrainingEffect, type TrainingSummary } from '@redstream/queries';
import { PeriodFilterInput } from './filters.ts';

export const TrainingSummaryRef = builder.objectRef<TrainingSummary>('TrainingSummary').implement({
  fields: (t) => ({
    sessions: t.exposeInt('sessions', { description: 'Sessions starting in the period' }),
    trainees: t.exposeInt('trainees', { description: 'Distinct people who completed a session in the period' }),
    personTimes: t.exposeInt('personTimes', { description: 'Completions (人次)' }),
    hours: t.exposeFloat('hours'),
  }),
});

const TrainingEffectRef = builder.objectRef<TrainingEffect>('TrainingEffect').implement({
  fields: (t) => ({
    days: t.exposeInt('days'),
    streamers: t.exposeInt('streamers', { description: 'Trained streamers with sales within the window' }),
    gmvBefore: t.field({ type: 'Money', resolve: (e) => e.gmvBefore }),
    gmvAfter: t.field({ type: 'Money', resolve: (e) => e.gmvAfter }),
    ordersBefore: t.exposeInt('ordersBefore'),
    ordersAfter: t.exposeInt('ordersAfter'),
    change: t.exposeFloat('change', { nullable: true, description: '(after − before) / before; null without sales before' }),
  }),
});

builder.queryFields((t) => ({
  training: t.field({
    type: TrainingSummaryRef,
    authScopes: READ,
    complexity: 10,
    args: { filter: t.arg({ type: PeriodFilterInput }) },
    resolve: (_root, { filter }, ctx) => training(ctx.query, filter),
  }),
  trainingEffect: t.field({
    type: TrainingEffectRef,
    description: 'GMV of streamers first trained in the period, in the N days before their training vs the N days from it.',
    authScopes: READ,
    complexity: 40,
    args: { filter: t.arg({ type: PeriodFilterInput }), days: t.arg.int({ defaultValue: 30 }) },
    resolve: (_root, { filter, days }, ctx) => trainingEffect(ctx.query, filter, days ?? 30),
  }),
}));
