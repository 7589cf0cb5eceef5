import type { Fact } from '@redstream/schema';

/**
 * Rules the write API's deciders leave to the sender but a realistic region must keep:
 * references to parks, committees and organisers exist before use, a trainee finishes within
 * the course, nothing happens to a streamer before registration, timed facts come in time order.
 * Returns a list of broken rules, one line each.
 */
export function checkReferences(facts: Iterable<Fact>): string[] {
  const problems: string[] = [];
  const parks = new Set<string>();
  const committees = new Set<string>();
  const branches = new Set<string>();
  const streamers = new Map<string, string>();
  const sessions = new Map<string, { startsOn: string; endsOn: string }>();
  const agreements = new Set<string>();
  const ids = new Set<string>();
  let lastInstant = 0;
  const fail = (f: Fact, what: string) => problems.length < 50 && problems.push(`${f.type} ${f.id}: ${what}`);
  const needStreamer = (f: Fact, id: string, on: string) => {
    const registeredOn = streamers.get(id);
    if (registeredOn === undefined) fail(f, `streamer ${id} not registered`);
    else if (on.slice(0, 10) < registeredOn) fail(f, `streamer ${id} acts on ${on} before registration ${registeredOn}`);
  };
  for (const f of facts) {
    if (ids.has(f.id)) fail(f, 'duplicate fact id');
    ids.add(f.id);
    const d = f.data;
    const instant = 'occurredAt' in d ? d.occurredAt : 'raisedAt' in d ? d.raisedAt : 'resolvedAt' in d ? d.resolvedAt : 'reportedAt' in d ? d.reportedAt : undefined;
    if (instant !== undefined) {
      const ms = Date.parse(instant);
      if (ms < lastInstant) fail(f, `out of time order (${instant})`);
      lastInstant = ms;
    }
    switch (f.type) {
      case 'ParkRegistered': parks.add(f.data.parkId); break;
      case 'IndustryCommitteeFounded': committees.add(f.data.committeeId); break;
      case 'BranchFounded':
        if (f.data.committeeId && !committees.has(f.data.committeeId)) fail(f, `unknown committee ${f.data.committeeId}`);
        if (f.data.parkId && !parks.has(f.data.parkId)) fail(f, `unknown park ${f.data.parkId}`);
        branches.add(f.data.branchId);
        break;
      case 'WarmStationOpened':
        if (f.data.parkId && !parks.has(f.data.parkId)) fail(f, `unknown park ${f.data.parkId}`);
        break;
      case 'StreamerRegistered':
        if (f.data.parkId && !parks.has(f.data.parkId)) fail(f, `unknown park ${f.data.parkId}`);
        streamers.set(f.data.streamerId, f.data.registeredOn);
        break;
      case 'PartyStatusChanged': needStreamer(f, f.data.streamerId, f.data.changedOn); break;
      case 'FollowersReported': needStreamer(f, f.data.streamerId, f.data.reportedAt); break;
      case 'TrainingSessionHeld':
        if (!committees.has(f.data.organizerId) && !branches.has(f.data.organizerId)) fail(f, `unknown organiser ${f.data.organizerId}`);
        sessions.set(f.data.sessionId, f.data);
        break;
      case 'StreamerTrained': {
        const s = sessions.get(f.data.sessionId);
        if (!s) fail(f, `unknown session ${f.data.sessionId}`);
        else if (f.data.completedOn < s.startsOn || f.data.completedOn > s.endsOn) fail(f, `completedOn ${f.data.completedOn} outside ${s.startsOn} … ${s.endsOn}`);
        needStreamer(f, f.data.streamerId, f.data.completedOn);
        break;
      }
      case 'ParcelDiscountGranted':
        if (!(f.data.discountedFeeFen < f.data.standardFeeFen)) fail(f, 'discount not below standard fee');
        if (f.data.parkId && !parks.has(f.data.parkId)) fail(f, `unknown park ${f.data.parkId}`);
        if (f.data.negotiatedBy && !committees.has(f.data.negotiatedBy)) fail(f, `unknown committee ${f.data.negotiatedBy}`);
        agreements.add(f.data.agreementId);
        break;
      case 'ParcelsShipped':
        if (!agreements.has(f.data.agreementId)) fail(f, `unknown agreement ${f.data.agreementId}`);
        if (f.data.streamerId) needStreamer(f, f.data.streamerId, f.data.shippedOn);
        break;
      case 'LoanGranted': needStreamer(f, f.data.streamerId, f.data.grantedOn); break;
      case 'AwardGranted': needStreamer(f, f.data.streamerId, f.data.awardedOn); break;
      case 'AppealRaised': needStreamer(f, f.data.streamerId, f.data.raisedAt); break;
      case 'SaleRecorded': needStreamer(f, f.data.streamerId, f.data.occurredAt); break;
      case 'FarmerPaid':
        if (f.data.villageCode.length !== 12) fail(f, `village code ${f.data.villageCode} is not 12 digits`);
        break;
      default:
        break;
    }
  }
  return problems;
}
