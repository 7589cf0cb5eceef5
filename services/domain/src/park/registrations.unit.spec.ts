import { describe, it } from 'vitest';
import { deciderSpecification } from '../testing/decider-specification.ts';
import { sampleData as d, sampleNow as now } from '../testing/sample-facts.ts';
import { parkDecider } from './park.ts';
import { committeeDecider } from '../committee/committee.ts';
import { branchDecider } from '../branch/branch.ts';
import { stationDecider } from '../station/station.ts';

/** Park, committee, branch and warm station share one rule: the id must be new. */
describe('registrations', () => {
  it('records a new park and refuses the same park id again', () => {
    const given = deciderSpecification(parkDecider);
    const event = { type: 'ParkRegistered' as const, data: d.ParkRegistered };
    given([]).when({ type: 'RegisterPark', data: d.ParkRegistered, now }).then([event]);
    given([event]).when({ type: 'RegisterPark', data: { ...d.ParkRegistered, name: 'another' }, now }).thenThrows('park.already-registered', '$.data.parkId');
  });

  it('records a new committee and refuses a duplicate', () => {
    const given = deciderSpecification(committeeDecider);
    const event = { type: 'IndustryCommitteeFounded' as const, data: d.IndustryCommitteeFounded };
    given([]).when({ type: 'FoundCommittee', data: d.IndustryCommitteeFounded, now }).then([event]);
    given([event]).when({ type: 'FoundCommittee', data: d.IndustryCommitteeFounded, now }).thenThrows('committee.already-founded', '$.data.committeeId');
  });

  it('records a new branch and refuses a duplicate', () => {
    const given = deciderSpecification(branchDecider);
    const event = { type: 'BranchFounded' as const, data: d.BranchFounded };
    given([]).when({ type: 'FoundBranch', data: d.BranchFounded, now }).then([event]);
    given([event]).when({ type: 'FoundBranch', data: d.BranchFounded, now }).thenThrows('branch.already-founded', '$.data.branchId');
  });

  it('records a new warm station and refuses a duplicate', () => {
    const given = deciderSpecification(stationDecider);
    const event = { type: 'WarmStationOpened' as const, data: d.WarmStationOpened };
    given([]).when({ type: 'OpenStation', data: d.WarmStationOpened, now }).then([event]);
    given([event]).when({ type: 'OpenStation', data: d.WarmStationOpened, now }).thenThrows('station.already-opened', '$.data.stationId');
  });
});
