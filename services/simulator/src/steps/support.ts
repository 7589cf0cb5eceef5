import { dayFactor } from '../calendar.ts';
import type { DayContext } from '../day-context.ts';
import { APPEAL_TEXTS, AWARD_TITLES, LENDERS } from '../model/names.ts';
import { activeStreamers, validAgreements } from '../model/state.ts';
import { FARM_VILLAGES } from '../model/geography.ts';
import { producePaid, referencePrices } from '../model/reference-prices.ts';
import { formatDay, formatInstant as iso } from '@redstream/schema';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Loan prime rate (1 year) by year, in basis points: the benchmark a discounted loan is set against. */
const LPR_BP: Record<number, number> = { 2019: 415, 2020: 385, 2021: 385, 2022: 365, 2023: 345, 2024: 310, 2025: 300 };
const lpr = (year: number): number => LPR_BP[year] ?? (year < 2019 ? 431 : 300);

const TOPICS = Object.keys(APPEAL_TEXTS) as (keyof typeof APPEAL_TEXTS)[];

/** Shipments, payouts to farmers, loans, awards, appeals and follower counts of one day. */
export function supportStep(ctx: DayContext): void {
  const { state, day, parts } = ctx;
  const rng = ctx.rng('support');
  const active = activeStreamers(state, day);

  // The year's reference prices of the villages' produce, on 1 January (and on the run's first day).
  if ((parts.month === 1 && parts.dayOfMonth === 1) || day === state.fromDay) {
    for (const price of referencePrices(parts.year)) ctx.register('ProduceReferencePriceSet', `refprice:${price.regionCode}:${price.product}:${parts.year}`, price);
  }

  const agreements = validAgreements(state, day);
  const totalShare = agreements.reduce((sum, a) => sum + a.share, 0);
  const parcels = state.counts.parcelsPerDay * dayFactor(day) * ctx.growth;
  for (const a of agreements) {
    ctx.schedule(ctx.start + DAY - 1000, 'ParcelsShipped', `${a.id}:${ctx.date}`, {
      agreementId: a.id, shippedOn: ctx.date, parcels: Math.round((parcels * a.share * rng.lognormal(0, 0.05)) / totalShare),
    });
  }

  if (parts.dayOfMonth === 5) {
    const month = formatDay(day - 5).slice(0, 7);
    const accrued = state.farmAccrual.get(month);
    state.farmAccrual.delete(month);
    for (const [index, fen] of [...(accrued ?? [])].sort((a, b) => a[0] - b[0])) {
      const h = state.households[index]!;
      const amountFen = Math.round(fen * state.profile.farmerShare);
      if (amountFen < 1) continue;
      const paymentId = `fp${month.replace('-', '')}-${h.id}`;
      ctx.schedule(ctx.start + 10 * HOUR, 'FarmerPaid', paymentId, {
        paymentId, householdId: h.id, villageCode: villageCodeOf(h.village), amountFen, paidOn: ctx.date, ...(h.cooperativeId ? { cooperativeId: h.cooperativeId } : {}),
        ...producePaid(h.village, h.id, amountFen, parts.year),
      });
    }
  }

  const loans = rng.poisson((active.length * 0.08) / 365);
  for (let i = 0; i < loans; i++) {
    const s = rng.pick(active);
    const id = `l${String(++state.counters.loans).padStart(5, '0')}`;
    const benchmark = lpr(parts.year);
    ctx.schedule(ctx.start + 10 * HOUR, 'LoanGranted', id, {
      loanId: id, streamerId: s.id, lender: rng.pick(LENDERS), amountFen: rng.int(5, 50) * 10_000 * 100,
      rateBp: benchmark - rng.int(2, 8) * 10, benchmarkRateBp: benchmark, termMonths: rng.pick([6, 12, 24, 36]), grantedOn: ctx.date,
    });
  }

  // Year-end honours go to the biggest sellers; smaller awards come through the year.
  const honoured = parts.month === 12 && parts.dayOfMonth === 28 ? [...active].sort((a, b) => b.weight - a.weight).slice(0, 3) : [];
  for (let i = rng.poisson((active.length * 0.03) / 365); i > 0; i--) honoured.push(rng.pick(active));
  for (const [rank, s] of honoured.entries()) {
    const id = `w${String(++state.counters.awards).padStart(5, '0')}`;
    const title = rank < 3 && parts.month === 12 && parts.dayOfMonth === 28 ? `${parts.year}年度最美主播` : rng.pick(AWARD_TITLES);
    ctx.schedule(ctx.start + 15 * HOUR, 'AwardGranted', id, { awardId: id, streamerId: s.id, title, grantedBy: 'c-lanshan', awardedOn: ctx.date });
  }

  const appeals = rng.poisson((active.length * 0.12) / 365);
  for (let i = 0; i < appeals; i++) {
    const s = rng.pick(active);
    const id = `ap${String(++state.counters.appeals).padStart(6, '0')}`;
    const topic = rng.pick(TOPICS);
    const raisedAt = ctx.start + 8 * HOUR + Math.floor(rng.next() * 14 * HOUR);
    ctx.schedule(raisedAt, 'AppealRaised', id, { appealId: id, streamerId: s.id, topic, summary: APPEAL_TEXTS[topic][0], raisedAt: iso(raisedAt) });
    if (rng.chance(0.88)) {
      const resolvedAt = raisedAt + Math.max(HOUR, Math.floor(rng.lognormal(Math.log(3 * DAY), 0.7)));
      ctx.schedule(resolvedAt, 'AppealResolved', id, { appealId: id, resolution: APPEAL_TEXTS[topic][1], resolvedAt: iso(resolvedAt) });
    }
  }

  // Each streamer reports followers once a month, on a day of its own.
  for (const [i, s] of active.entries()) {
    if (((Number(s.id.slice(1)) * 7) % 28) + 1 !== parts.dayOfMonth) continue;
    s.followers = Math.max(0, Math.round(s.followers * Math.exp(0.015 + 0.06 * rng.normal())));
    const at = ctx.start + 23 * HOUR + 30 * 60_000 + i;
    ctx.schedule(at, 'FollowersReported', `${s.id}:${at}`, { streamerId: s.id, followers: s.followers, reportedAt: iso(at) });
  }
}

const villageCodeOf = (i: number): string => FARM_VILLAGES[i]!.code;
