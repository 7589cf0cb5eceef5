import { builder } from '../builder.ts';
import { readModelsOfCheckpoint } from '@redstream/projections';
import { projectionOperations, type ProjectionFaultView, type ProjectionView } from '@redstream/queries';
import type { SkippedEvent } from '@redstream/schema';

const ADMIN = { admin: true } as const;

const ProjectionStateRef = builder.enumType('ProjectionState', {
  description: 'CATCHING_UP: behind the log; LIVE: at its head; REBUILDING: a rebuild run; FAULTED: stopped at an event it cannot apply (see fault).',
  values: ['CATCHING_UP', 'LIVE', 'REBUILDING', 'FAULTED'] as const,
});

const ProjectionFaultRef = builder.objectRef<ProjectionFaultView>('ProjectionFault').implement({
  description: 'The event a projection is stopped at and why. Decide with `redstream projections retry` or `skip --position P --reason …`.',
  fields: (t) => ({
    position: t.string({ resolve: (f) => f.position.toString() }),
    eventId: t.exposeString('eventId'),
    eventType: t.exposeString('eventType'),
    error: t.exposeString('error'),
    failedAt: t.string({ resolve: (f) => f.failedAt.toISOString() }),
  }),
});

const ProjectionRef = builder.objectRef<ProjectionView>('Projection').implement({
  description: 'A projection (its checkpoint name) as ClickHouse holds it. Positions are strings (64-bit).',
  fields: (t) => ({
    name: t.exposeString('name'),
    readModels: t.stringList({
      description: 'The read models this checkpoint stands for: every one for the live projection `main` (they share its position and stop together); for a rebuild run, the ones it rebuilds',
      resolve: (p) => readModelsOfCheckpoint(p.name),
    }),
    state: t.field({ type: ProjectionStateRef, resolve: (p) => p.state }),
    position: t.string({ description: 'Log position every read model of the projection includes', resolve: (p) => p.position.toString() }),
    committedAt: t.string({ nullable: true, resolve: (p) => p.committedAt?.toISOString() ?? null }),
    eventsBehind: t.string({ nullable: true, description: 'Null when this instance has no event store to read the head from', resolve: (p) => p.eventsBehind?.toString() ?? null }),
    secondsBehind: t.float({ nullable: true, resolve: (p) => p.secondsBehind ?? null }),
    fault: t.field({ type: ProjectionFaultRef, nullable: true, resolve: (p) => p.fault ?? null }),
  }),
});

const SkippedEventRef = builder.objectRef<SkippedEvent>('SkippedEvent').implement({
  description: 'An event an operator skipped (`redstream projections skip`): no read model includes it. Kept forever.',
  fields: (t) => ({
    projection: t.exposeString('projection'),
    position: t.string({ resolve: (s) => s.position.toString() }),
    eventId: t.exposeString('eventId'),
    eventType: t.exposeString('eventType'),
    reason: t.exposeString('reason'),
    error: t.exposeString('error', { description: 'The error the event had failed with' }),
    skippedAt: t.string({ resolve: (s) => s.skippedAt.toISOString() }),
  }),
});

const ProjectionOperationsRef = builder.objectRef<Awaited<ReturnType<typeof projectionOperations>>>('ProjectionOperations').implement({
  fields: (t) => ({
    projections: t.field({ type: [ProjectionRef], resolve: (o) => o.projections }),
    skippedEvents: t.field({ type: [SkippedEventRef], resolve: (o) => o.skipped }),
  }),
});

builder.queryFields((t) => ({
  projections: t.field({
    type: ProjectionOperationsRef,
    description: 'Every projection: position, lag, state, the event it is stopped at; and every skipped event. Admin keys only.',
    authScopes: ADMIN,
    resolve: async (_root, _args, ctx) => {
      const head = ctx.projectorStatus ? (await ctx.projectorStatus()).head : undefined;
      return projectionOperations(ctx.query.reader, head);
    },
  }),
}));
