import type { Fact, PartyStatus, Platform } from '@redstream/schema';
import type { TimedQueue } from '../timed-queue.ts';
import type { RegionProfile, ScaledCounts } from './profile.ts';

/**
 * The region as the generator has built it so far. It is what live mode continues from: live
 * facts reference these streamers, agreements and households, so they pass the write API's
 * reference checks.
 */
export interface ParkState {
  id: string;
  name: string;
  regionCode: string;
}

export interface CommitteeState {
  id: string;
  level: 'city' | 'district';
  regionCode: string;
  foundedDay: number;
}

export interface BranchState {
  id: string;
  regionCode: string;
  foundedDay: number;
}

export interface StreamerState {
  id: string;
  displayName: string;
  platform: Platform;
  /** Index into CATEGORIES. */
  category: number;
  regionCode: string;
  parkId: string | undefined;
  followers: number;
  partyStatus: PartyStatus;
  registeredDay: number;
  /** Relative sales weight (heavy-tailed). */
  weight: number;
}

export interface AgreementState {
  id: string;
  carrier: string;
  regionCode: string;
  parkId: string | undefined;
  negotiatedBy: string;
  standardFeeFen: number;
  discountedFeeFen: number;
  validFromDay: number;
  validToDay: number;
  /** Share of the region's parcels shipped under this agreement. */
  share: number;
}

export interface HouseholdState {
  id: string;
  /** Index into FARM_VILLAGES. */
  village: number;
  cooperativeId: string | undefined;
}

export interface RegionState {
  seed: string;
  /** Prefix of every fact id key: seed, scale and start, so one run's ids never collide with another's. */
  runKey: string;
  scale: number;
  profile: RegionProfile;
  counts: ScaledCounts;
  fromDay: number;
  /** The first day not generated yet. */
  nextDay: number;
  parks: ParkState[];
  committees: CommitteeState[];
  branches: BranchState[];
  stations: number;
  streamers: StreamerState[];
  agreements: AgreementState[];
  households: HouseholdState[];
  /** Farm sales per month (`YYYY-MM`) and household index, paid out on the 5th of the next month. */
  farmAccrual: Map<string, Map<number, number>>;
  /** Facts already decided but due later (refunds, resolutions, trainees' completions). */
  pending: TimedQueue<Fact>;
  counters: { sessions: number; loans: number; awards: number; appeals: number; branches: number; agreements: number };
  /** Sessions on this day and later report their audience every minute (else once, at their end). */
  minuteSnapshotsFromDay?: number;
}

export const activeStreamers = (state: RegionState, day: number): StreamerState[] =>
  state.streamers.filter((s) => s.registeredDay <= day);

export const validAgreements = (state: RegionState, day: number): AgreementState[] =>
  state.agreements.filter((a) => a.validFromDay <= day && day <= a.validToDay);
