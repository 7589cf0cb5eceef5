import type { EventData, EventType, Fact } from '@redstream/schema';
import { CATEGORIES } from './categories.ts';
import { makeFact } from '../fact.ts';
import { Rng } from '../random.ts';
import { TimedQueue } from '../timed-queue.ts';
import { formatDay } from '@redstream/schema';
import { FARM_VILLAGES, LANSHAN, LANSHAN_TOWNS, LINYI } from './geography.ts';
import { CARRIERS, PARK_NAMES } from './names.ts';
import { scaledCounts, type RegionProfile } from './profile.ts';
import type { AgreementState, HouseholdState, ParkState, RegionState } from './state.ts';
import { followerDistribution, newStreamer } from './streamers.ts';

/**
 * The region as it stands the day before the run starts: parks, the city and district
 * industry committees with branches in the parks, warm stations, the streamers already
 * registered, the parcel agreements in force. Emitted first, in dependency order, so every
 * later fact finds what it refers to.
 */
export interface RunOptions {
  seed: number | string;
  scale: number;
  fromDay: number;
  profile: RegionProfile;
}

export function buildBaseline(options: RunOptions): { state: RegionState; facts: Fact[] } {
  const { scale, fromDay, profile } = options;
  const seed = String(options.seed);
  const runKey = `redstream-sim:${seed}:${scale}:${formatDay(fromDay)}`;
  const rng = Rng.of(`${runKey}|baseline`);
  const counts = scaledCounts(profile, scale);
  const facts: Fact[] = [];
  const emit = <T extends EventType>(type: T, key: string, data: EventData<T>): void => void facts.push(makeFact(runKey, type, key, data));

  const parks: ParkState[] = PARK_NAMES.slice(0, counts.parks).map((name, i) => ({
    id: `p${String(i + 1).padStart(2, '0')}`,
    name,
    regionCode: LANSHAN_TOWNS[i % LANSHAN_TOWNS.length]!.code,
  }));
  for (const [i, p] of parks.entries()) {
    emit('ParkRegistered', p.id, {
      parkId: p.id, name: p.name, regionCode: p.regionCode,
      kind: i === 0 || i % 3 === 1 ? 'livestream_base' : i % 3 === 2 ? 'incubator' : 'industrial_park',
      floorAreaM2: i === 0 ? 150_000 : rng.int(8, 80) * 1000,
    });
  }

  const cityDay = fromDay - rng.int(900, 1100);
  const districtDay = cityDay + rng.int(30, 120);
  const committees: RegionState['committees'] = [
    { id: 'c-linyi', level: 'city', regionCode: LINYI, foundedDay: cityDay },
    { id: 'c-lanshan', level: 'district', regionCode: LANSHAN, foundedDay: districtDay },
  ];
  emit('IndustryCommitteeFounded', 'c-linyi', { committeeId: 'c-linyi', name: '临沂市直播电商行业党委', level: 'city', regionCode: LINYI, foundedOn: formatDay(cityDay) });
  emit('IndustryCommitteeFounded', 'c-lanshan', { committeeId: 'c-lanshan', name: '兰山区直播电商行业党委', level: 'district', regionCode: LANSHAN, foundedOn: formatDay(districtDay) });

  const branches: RegionState['branches'] = [];
  for (const p of parks) {
    const id = `b${String(branches.length + 1).padStart(3, '0')}`;
    const day = districtDay + rng.int(10, 600);
    branches.push({ id, regionCode: p.regionCode, foundedDay: day });
    emit('BranchFounded', id, { branchId: id, name: `${p.name}党支部`, regionCode: p.regionCode, foundedOn: formatDay(day), committeeId: 'c-lanshan', parkId: p.id });
  }

  const stations = Math.max(1, Math.round(counts.warmStations * 0.8));
  for (let i = 1; i <= stations; i++) {
    const park = i <= parks.length ? parks[i - 1] : undefined;
    const id = `ws${String(i).padStart(4, '0')}`;
    emit('WarmStationOpened', id, {
      stationId: id, name: `暖新驿站·${park ? park.name : rng.pick(LANSHAN_TOWNS).name}${i}号`,
      regionCode: park ? park.regionCode : rng.pick(LANSHAN_TOWNS).code, openedOn: formatDay(Math.min(fromDay - 1, districtDay + rng.int(60, 800))),
      ...(park ? { parkId: park.id } : {}),
    });
  }

  // About 85 % of the population is registered before the run; the rest join during it.
  const followers = followerDistribution(profile.streamersOverMillion / profile.streamers);
  const initial = Math.max(12, Math.round(counts.streamers * 0.85));
  const streamers = Array.from({ length: initial }, (_, i) => newStreamer(rng, i + 1, fromDay - rng.int(1, 1400), parks, followers));
  streamers.sort((a, b) => a.registeredDay - b.registeredDay || a.id.localeCompare(b.id));
  for (const s of streamers) emit('StreamerRegistered', s.id, registration(s));

  const agreements: AgreementState[] = [];
  const carriers = Math.min(CARRIERS.length, Math.max(2, Math.round(parks.length / 2)));
  for (let i = 0; i < carriers; i++) {
    const park = i < parks.length && i % 2 === 0 ? parks[i] : undefined;
    const validFromDay = fromDay - rng.int(0, 300);
    const a = newAgreement(rng, i + 1, CARRIERS[i]!, park, validFromDay);
    agreements.push(a);
  }
  for (const a of agreements) emit('ParcelDiscountGranted', a.id, agreementData(a));

  const households: HouseholdState[] = Array.from({ length: counts.farmHouseholds }, (_, i) => {
    const village = i % FARM_VILLAGES.length;
    return { id: `h${String(i + 1).padStart(6, '0')}`, village, cooperativeId: village % 3 === 2 ? undefined : `coop${String(village + 1).padStart(2, '0')}` };
  });

  const state: RegionState = {
    seed, runKey, scale, profile, counts, fromDay, nextDay: fromDay, parks, committees, branches, stations, streamers, agreements, households,
    farmAccrual: new Map(),
    pending: new TimedQueue<Fact>(),
    counters: { sessions: 0, loans: 0, awards: 0, appeals: 0, branches: branches.length, agreements: agreements.length },
  };
  return { state, facts };
}

export const registration = (s: RegionState['streamers'][number]) => ({
  streamerId: s.id, displayName: s.displayName, platform: s.platform, category: categoryName(s.category), regionCode: s.regionCode,
  followers: s.followers, partyStatus: s.partyStatus, registeredOn: formatDay(s.registeredDay), ...(s.parkId ? { parkId: s.parkId } : {}),
});

const categoryName = (i: number): string => CATEGORIES[i]!.name;

export function newAgreement(rng: Rng, n: number, carrier: string, park: ParkState | undefined, validFromDay: number): AgreementState {
  const standardFeeFen = rng.int(25, 40) * 10;
  return {
    id: `a${String(n).padStart(4, '0')}`, carrier, regionCode: park ? park.regionCode : LANSHAN, parkId: park?.id, negotiatedBy: 'c-lanshan',
    standardFeeFen, discountedFeeFen: standardFeeFen - rng.int(3, 12) * 10, validFromDay, validToDay: validFromDay + 364, share: rng.lognormal(0, 0.5),
  };
}

export const agreementData = (a: AgreementState) => ({
  agreementId: a.id, carrier: a.carrier, regionCode: a.regionCode, standardFeeFen: a.standardFeeFen, discountedFeeFen: a.discountedFeeFen,
  validFrom: formatDay(a.validFromDay), validTo: formatDay(a.validToDay), negotiatedBy: a.negotiatedBy, ...(a.parkId ? { parkId: a.parkId } : {}),
});
