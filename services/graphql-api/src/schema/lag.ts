import { builder, READ } from '../builder.ts';
import { projectionLag, type ProjectionLag } from '@redstream/queries';

const ProjectionPositionRef = builder.objectRef<{ name: string; position: bigint }>('ProjectionPosition').implement({
  fields: (t) => ({ name: t.exposeString('name'), position: t.string({ resolve: (p) => p.position.toString() }) }),
});

const ProjectionLagRef = builder.objectRef<ProjectionLag>('ProjectionLag').implement({
  description: 'How far the read models trail the event log. Positions are strings (64-bit).',
  fields: (t) => ({
    position: t.string({ description: 'Newest log position applied to the read models', resolve: (l) => l.position.toString() }),
    head: t.string({ description: 'Newest log position in the event store', resolve: (l) => l.head.toString() }),
    eventsBehind: t.string({ resolve: (l) => l.eventsBehind.toString() }),
    caughtUp: t.exposeBoolean('caughtUp'),
    updatedAt: t.string({ nullable: true, resolve: (l) => l.updatedAt?.toISOString() ?? null }),
    secondsSinceUpdate: t.exposeFloat('secondsSinceUpdate', { nullable: true }),
    projections: t.field({ type: [ProjectionPositionRef], resolve: (l) => l.projections }),
  }),
});

builder.queryFields((t) => ({
  projectionLag: t.field({
    type: ProjectionLagRef,
    nullable: true,
    description: 'From the projector in this process, or else the committed checkpoint in ClickHouse (any instance answers).',
    authScopes: READ,
    resolve: (_root, _args, ctx) => (ctx.projectorStatus ? projectionLag(ctx.projectorStatus) : null),
  }),
}));
