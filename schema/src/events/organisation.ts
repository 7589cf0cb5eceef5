import { z } from 'zod';
import { Count, EntityId, IsoDate, IsoDateTime, PartyStatus, Platform, RegionCode, Text } from '../primitives.ts';

/** Facts about organisations and people: parks, Party committees and branches, streamers. */

export const ParkRegistered = z.strictObject({
  parkId: EntityId,
  name: Text(),
  regionCode: RegionCode,
  kind: z.enum(['livestream_base', 'industrial_park', 'incubator']),
  floorAreaM2: z.number().positive().max(1e8).optional(),
});

export const IndustryCommitteeFounded = z.strictObject({
  committeeId: EntityId,
  name: Text(),
  level: z.enum(['city', 'district', 'county']),
  regionCode: RegionCode,
  foundedOn: IsoDate,
});

export const BranchFounded = z.strictObject({
  branchId: EntityId,
  name: Text(),
  regionCode: RegionCode,
  foundedOn: IsoDate,
  committeeId: EntityId.optional(),
  parkId: EntityId.optional(),
});

export const WarmStationOpened = z.strictObject({
  stationId: EntityId,
  name: Text(),
  regionCode: RegionCode,
  openedOn: IsoDate,
  parkId: EntityId.optional(),
});

export const StreamerRegistered = z.strictObject({
  streamerId: EntityId,
  displayName: Text(100),
  platform: Platform,
  category: Text(50),
  regionCode: RegionCode,
  followers: Count,
  partyStatus: PartyStatus,
  registeredOn: IsoDate,
  parkId: EntityId.optional(),
});

export const PartyStatusChanged = z.strictObject({
  streamerId: EntityId,
  to: PartyStatus,
  changedOn: IsoDate,
});

export const FollowersReported = z.strictObject({
  streamerId: EntityId,
  followers: Count,
  reportedAt: IsoDateTime,
});
