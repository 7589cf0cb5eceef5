import type { EventData, EventType, Fact } from '@redstream/schema';
import { makeFact } from './fact.ts';
import type { RegionState, StreamerState } from './model/state.ts';
import { HOUR_WEIGHTS } from './calendar.ts';
import { FARM_VILLAGES } from './model/geography.ts';
import { AliasTable, Rng } from './random.ts';
import { buildSale, refundAmount } from './steps/sales.ts';
import { planAudience, RunningAudience } from './steps/audience.ts';
import { producePaid } from './model/reference-prices.ts';
import { dayOfInstant, formatDay, formatInstant } from '@redstream/schema';

export interface LiveOptions {
  /** Mixed into the live random stream; the region's own seed is in its run key. */
  seed?: number | string;
  /** The region to continue: live facts reference its streamers, agreements and households. */
  region: RegionState;
  /** Facts per second. */
  rate: number;
  signal?: AbortSignal;
  /** Stops after this many facts (tests, bounded demos). */
  limit?: number;
  /** Injected clock and sleep (tests run them virtually; defaults are real time). */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const TICK_MS = 100;
/** At most this many sessions on air at once in live mode: the region's busiest streamers, not all of them. */
const MAX_ON_AIR = 8;

/** 1 at the evening's busiest hour, less earlier in the day (HOUR_WEIGHTS, Shanghai hours). */
function eveningFactor(t: number): number {
  const hour = Number(formatInstant(t).slice(11, 13));
  return HOUR_WEIGHTS[hour]! / Math.max(...HOUR_WEIGHTS);
}

const realSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });

interface RecentSale {
  orderId: string;
  amountFen: number;
  at: number;
}

/**
 * New facts at `rate` per second with current timestamps, until the signal aborts: mostly
 * sales, some refunds of those sales (never above their amount), parcel shipments under
 * agreements valid today, and payouts of the farm income those sales accrued.
 */
export async function* liveFacts(options: LiveOptions): AsyncGenerator<Fact> {
  const { region, rate, signal } = options;
  if (!(rate > 0)) throw new Error(`rate must be positive, got ${rate}`);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const started = now();
  const tag = `L${started.toString(36)}`;
  const rng = Rng.of(`${region.runKey}|live|${options.seed ?? ''}|${started}`);
  const fact = <T extends EventType>(type: T, key: string, data: EventData<T>) => makeFact(region.runKey, type, `${tag}:${key}`, data);
  const recent: RecentSale[] = [];
  const shipped = new Set<string>();
  let sellersDay = Number.NaN;
  let sellers: { list: StreamerState[]; table: AliasTable } | undefined;
  let seq = 0;
  let carry = 0;
  let last = started;
  // Sessions on air (by streamer) and the facts already decided for the next emission (a session's
  // start before its first order, minute snapshots, ends), sent before anything new.
  const onAir = new Map<string, RunningAudience>();
  const due: Fact[] = [];
  let sessionSeq = 0;

  /** The streamer's open session, started now if it has none and fewer than MAX_ON_AIR are on air. */
  const sessionOf = (s: StreamerState, t: number): string | undefined => {
    const open = onAir.get(s.id);
    if (open) return open.sessionId;
    if (onAir.size >= MAX_ON_AIR) return undefined;
    const sessionId = `${s.id}-${tag}-${++sessionSeq}`;
    // Two to four hours; the audience curve peaks about 40 % in, bigger at the evening's peak hours.
    const length = (2 + 2 * rng.next()) * 3_600_000;
    const plan = planAudience(rng, s.followers);
    plan.viewers = Math.max(50, Math.round(plan.viewers * (0.3 + 0.7 * eveningFactor(t))));
    onAir.set(s.id, new RunningAudience(sessionId, s.id, t, t + length, plan, rng));
    due.push(fact('LiveSessionStarted', `start:${sessionId}`, { sessionId, streamerId: s.id, platform: s.platform, title: `${s.displayName}的直播间`, startedAt: formatInstant(t) }));
    return sessionId;
  };

  /** Snapshots that came due by `t`, and the ends of sessions past their length. */
  const audience = (t: number): void => {
    for (const [streamerId, a] of onAir) {
      for (let snap = a.next(t); snap; snap = a.next(t)) due.push(fact('LiveAudienceReported', `audience:${a.sessionId}:${snap.at}`, snap));
      if (t >= a.endMs) {
        onAir.delete(streamerId);
        due.push(fact('LiveSessionEnded', `end:${a.sessionId}`, { sessionId: a.sessionId, streamerId, endedAt: formatInstant(t) }));
      }
    }
  };

  const next = (t: number): Fact | undefined => {
    const day = dayOfInstant(t);
    if (day !== sellersDay) {
      sellersDay = day;
      const list = region.streamers.filter((s) => s.registeredDay <= day);
      sellers = list.length ? { list, table: new AliasTable(list.map((s) => s.weight)) } : undefined;
    }
    if (!sellers) return undefined;
    const r = rng.next();
    const n = ++seq;
    if (r >= 0.86 && r < 0.92) {
      const i = recent.findIndex((s) => s.at <= t - 2000);
      if (i >= 0) {
        // Live refunds come seconds after the sale, not days, so a screen shows them.
        const [sale] = recent.splice(i, 1);
        return fact('SaleRefunded', `${n}`, { orderId: sale!.orderId, amountFen: refundAmount(rng, sale!.amountFen), occurredAt: formatInstant(t) });
      }
    } else if (r >= 0.92 && r < 0.96) {
      const shipment = nextShipment(region, rng, day, sellers.list, shipped);
      if (shipment) return fact('ParcelsShipped', `${n}`, shipment);
    } else if (r >= 0.96) {
      const payout = nextPayout(region, rng, t);
      if (payout) return fact('FarmerPaid', `${n}`, { ...payout, paymentId: `fp-${tag}-${n}` });
    }
    const s = sellers.list[sellers.table.sample(rng)]!;
    const orderId = `o${formatDay(day).replaceAll('-', '')}-${tag}-${n}`;
    const sale = buildSale(region, rng, s, orderId, t, sessionOf(s, t));
    recent.push({ orderId, amountFen: sale.amountFen, at: t });
    if (recent.length > 1000) recent.shift();
    return sale.fact;
  };

  let emitted = 0;
  while (!signal?.aborted && (options.limit === undefined || emitted < options.limit)) {
    await sleep(TICK_MS, signal);
    if (signal?.aborted) return;
    const t = now();
    carry = Math.min(carry + ((t - last) / 1000) * rate, Math.max(2 * rate, 1));
    last = t;
    audience(t);
    for (; carry >= 1 || due.length > 0; ) {
      let f = due.shift();
      if (!f) {
        carry--;
        f = next(t);
        if (!f) continue;
        // A new session's start goes before the order that names it.
        if (due.length > 0) {
          due.push(f);
          f = due.shift()!;
        }
      }
      yield f;
      if (signal?.aborted || (options.limit !== undefined && ++emitted >= options.limit)) return;
    }
  }
}

function nextShipment(region: RegionState, rng: Rng, day: number, sellers: StreamerState[], shipped: Set<string>) {
  const valid = region.agreements.filter((a) => a.validFromDay <= day && day <= a.validToDay);
  if (!valid.length) return undefined;
  const a = rng.pick(valid);
  const s = rng.pick(sellers);
  // One shipment per agreement, streamer and day: a strict API may treat a repeat as a duplicate.
  const key = `${a.id}|${s.id}|${day}`;
  if (shipped.has(key)) return undefined;
  shipped.add(key);
  return { agreementId: a.id, shippedOn: formatDay(day), parcels: rng.int(1, 300), streamerId: s.id };
}

function nextPayout(region: RegionState, rng: Rng, t: number) {
  const month = formatInstant(t).slice(0, 7);
  const accrued = region.farmAccrual.get(month);
  if (!accrued?.size) return undefined;
  const [index, fen] = [...accrued.entries()][rng.int(0, accrued.size - 1)]!;
  accrued.delete(index);
  const h = region.households[index]!;
  const amountFen = Math.round(fen * region.profile.farmerShare);
  if (amountFen < 1) return undefined;
  return {
    householdId: h.id, villageCode: FARM_VILLAGES[h.village]!.code, amountFen, paidOn: formatDay(dayOfInstant(t)),
    ...(h.cooperativeId ? { cooperativeId: h.cooperativeId } : {}),
    ...producePaid(h.village, h.id, amountFen, Number(month.slice(0, 4))),
  };
}
