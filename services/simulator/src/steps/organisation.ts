import { PARTY_STATUS_ORDER } from '@redstream/schema';
import type { DayContext } from '../day-context.ts';
import { agreementData, newAgreement, registration } from '../model/baseline.ts';
import { FARM_VILLAGES, LANSHAN, LANSHAN_TOWNS } from '../model/geography.ts';
import { TRAINING_TITLES } from '../model/names.ts';
import { activeStreamers } from '../model/state.ts';
import { followerDistribution, newStreamer } from '../model/streamers.ts';
import { formatDay } from '@redstream/schema';

const HOUR = 3_600_000;

/** New streamers, branches and warm stations; renewed parcel agreements; party progress; courses. */
export function organisationStep(ctx: DayContext): void {
  const { state, day } = ctx;
  const rng = ctx.rng('organisation');

  // The population grows by about the profile's growth plus churn replacement a year.
  const joining = rng.poisson((state.counts.streamers * (0.15 + state.profile.growthPerYear)) / 365);
  const followers = followerDistribution(state.profile.streamersOverMillion / state.profile.streamers);
  for (let i = 0; i < joining; i++) {
    const s = newStreamer(rng, state.streamers.length + 1, day, state.parks, followers);
    state.streamers.push(s);
    ctx.register('StreamerRegistered', s.id, registration(s));
  }

  if (rng.chance(1 / 45)) {
    const village = rng.pick(FARM_VILLAGES);
    const id = `b${String(++state.counters.branches).padStart(3, '0')}`;
    const committeeId = village.code.startsWith(LANSHAN) ? 'c-lanshan' : 'c-linyi';
    state.branches.push({ id, regionCode: village.code, foundedDay: day });
    ctx.register('BranchFounded', id, { branchId: id, name: `${village.name}电商党支部`, regionCode: village.code, foundedOn: ctx.date, committeeId });
  }

  if (state.stations < state.counts.warmStations && rng.chance(Math.min(1, (state.counts.warmStations * 0.3) / 365))) {
    const id = `ws${String(++state.stations).padStart(4, '0')}`;
    const town = rng.pick(LANSHAN_TOWNS);
    ctx.register('WarmStationOpened', id, { stationId: id, name: `暖新驿站·${town.name}${state.stations}号`, regionCode: town.code, openedOn: ctx.date });
  }

  // An agreement that ran out yesterday is renewed today with the same carrier and scope.
  for (const old of state.agreements.filter((a) => a.validToDay === day - 1)) {
    const park = state.parks.find((p) => p.id === old.parkId);
    const renewed = { ...newAgreement(rng, ++state.counters.agreements, old.carrier, park, day), share: old.share };
    state.agreements.push(renewed);
    ctx.register('ParcelDiscountGranted', renewed.id, agreementData(renewed));
  }
  state.agreements = state.agreements.filter((a) => a.validToDay >= day - 1);

  const active = activeStreamers(state, day);
  const advancing = rng.poisson(active.length / 500);
  for (let i = 0; i < advancing; i++) {
    const s = rng.pick(active);
    const at = PARTY_STATUS_ORDER.indexOf(s.partyStatus);
    if (at >= PARTY_STATUS_ORDER.length - 1) continue;
    s.partyStatus = PARTY_STATUS_ORDER[at + 1]!;
    ctx.schedule(ctx.start + 9 * HOUR, 'PartyStatusChanged', `${s.id}:${s.partyStatus}`, { streamerId: s.id, to: s.partyStatus, changedOn: ctx.date });
  }

  const sessions = rng.poisson(state.counts.trainingSessionsPerYear / 365);
  for (let i = 0; i < sessions; i++) {
    const id = `t${String(++state.counters.sessions).padStart(5, '0')}`;
    const organisers = [...state.committees.map((c) => ({ id: c.id, regionCode: c.regionCode })), ...state.branches.filter((b) => b.foundedDay <= day)];
    const organiser = rng.pick(organisers);
    const endsDay = day + rng.int(0, 2);
    ctx.register('TrainingSessionHeld', id, {
      sessionId: id, title: rng.pick(TRAINING_TITLES), organizerId: organiser.id,
      regionCode: organiser.regionCode.length === 6 ? LANSHAN : organiser.regionCode, startsOn: ctx.date, endsOn: formatDay(endsDay),
    });
    const trainees = new Set<number>();
    const wanted = Math.min(active.length, rng.int(8, 30));
    while (trainees.size < wanted) trainees.add(rng.int(0, active.length - 1));
    for (const t of [...trainees].sort((a, b) => a - b)) {
      const s = active[t]!;
      const completedDay = rng.chance(0.8) ? endsDay : rng.int(day, endsDay);
      const hours = (endsDay - day + 1) * rng.pick([2, 3, 4, 6, 8]);
      ctx.schedule(ctx.start + (completedDay - day) * 24 * HOUR + 18 * HOUR, 'StreamerTrained', `${s.id}:${id}`, {
        streamerId: s.id, sessionId: id, hours, completedOn: formatDay(completedDay),
      });
    }
  }
}
