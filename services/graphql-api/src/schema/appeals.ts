import { builder, READ } from '../builder.ts';
import { appeals, type AppealSummary } from '@redstream/queries';
import { PeriodFilterInput } from './filters.ts';

const AppealTopicRef = builder.objectRef<AppealSummary['byTopic'][number]>('AppealTopic').implement({
  fields: (t) => ({
    topic: t.exposeString('topic'),
    raised: t.exposeInt('raised'),
    open: t.exposeInt('open'),
  }),
});

const AppealSummaryRef = builder.objectRef<AppealSummary>('AppealSummary').implement({
  fields: (t) => ({
    raised: t.exposeInt('raised', { description: 'Raised in the period' }),
    resolved: t.exposeInt('resolved', { description: 'Resolved in the period' }),
    open: t.exposeInt('open', { description: 'Raised by the period’s end and unresolved then' }),
    medianHoursToResolve: t.exposeFloat('medianHoursToResolve', { nullable: true, description: 'Of the appeals resolved in the period' }),
    byTopic: t.field({ type: [AppealTopicRef], resolve: (s) => s.byTopic }),
  }),
});

builder.queryFields((t) => ({
  appeals: t.field({
    type: AppealSummaryRef,
    authScopes: READ,
    complexity: 10,
    args: { filter: t.arg({ type: PeriodFilterInput }) },
    resolve: (_root, { filter }, ctx) => appeals(ctx.query, filter),
  }),
}));
