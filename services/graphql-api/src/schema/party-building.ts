import { builder, READ } from '../builder.ts';
import { partyBuilding, type PartyBuildingSummary } from '@redstream/queries';
import { PeriodFilterInput } from './filters.ts';

const PartyStatusCountRef = builder.objectRef<{ status: string; streamers: number }>('PartyStatusCount').implement({
  fields: (t) => ({
    status: t.exposeString('status', { description: 'none, applicant, activist, probationary, member' }),
    streamers: t.exposeInt('streamers'),
  }),
});

const PartyBuildingRef = builder.objectRef<PartyBuildingSummary>('PartyBuildingSummary').implement({
  fields: (t) => ({
    committeesFounded: t.exposeInt('committeesFounded', { description: 'Industry Party committees founded in the period' }),
    branchesFounded: t.exposeInt('branchesFounded', { description: 'Branches founded in the period' }),
    committees: t.exposeInt('committees', { description: 'Committees founded by the period’s end' }),
    branches: t.exposeInt('branches', { description: 'Branches founded by the period’s end' }),
    branchesInParks: t.exposeInt('branchesInParks'),
    parks: t.exposeInt('parks'),
    parksWithBranch: t.exposeInt('parksWithBranch'),
    shareOfParksWithBranch: t.exposeFloat('shareOfParksWithBranch', { nullable: true, description: 'parksWithBranch / parks (0.5 = half); null without parks' }),
    streamersByPartyStatus: t.field({ type: [PartyStatusCountRef], resolve: (s) => s.streamersByPartyStatus }),
    members: t.exposeInt('members', { description: 'Streamers who are full or probationary members' }),
    applicants: t.exposeInt('applicants'),
  }),
});

builder.queryFields((t) => ({
  partyBuilding: t.field({
    type: PartyBuildingRef,
    authScopes: READ,
    complexity: 15,
    args: { filter: t.arg({ type: PeriodFilterInput }) },
    resolve: (_root, { filter }, ctx) => partyBuilding(ctx.query, filter),
  }),
}));
