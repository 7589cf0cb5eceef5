import type { Fact } from '@redstream/schema';
import { DayContext } from './day-context.ts';
import { buildBaseline } from './model/baseline.ts';
import { LANSHAN_2020, type RegionProfile } from './model/profile.ts';
import type { RegionState } from './model/state.ts';
import { organisationStep } from './steps/organisation.ts';
import { ordersOn, salesForHour, Sellers } from './steps/sales.ts';
import { supportStep } from './steps/support.ts';
import { dayOf } from '@redstream/schema';

export interface RegionOptions {
  seed: number | string;
  /** First day, `YYYY-MM-DD` (Asia/Shanghai). */
  from: string;
  /** Day after the last one generated (exclusive), `YYYY-MM-DD`. */
  to: string;
  /** Share of the profile's region: 0.001 is a laptop demo, 0.01 is Lanshan at 1 %. */
  scale: number;
  profile?: RegionProfile;
  /** Sessions on this day (`YYYY-MM-DD`) and later report their audience every minute; earlier ones once, at their end. */
  minuteSnapshotsFrom?: string;
}

/** A lazy run over the period; `state` is the region as far as it has been iterated. */
export interface RegionRun extends Iterable<Fact> {
  readonly state: RegionState;
}

const HOUR = 3_600_000;

/**
 * Generates a region over [from, to) as facts a strict write API accepts in this order:
 * the baseline (what existed before `from`), then day by day entities first and everything
 * else in time order. Lazy and memory-flat: at most one hour of orders plus the refunds still
 * due are held. Iterate once; the same options always give the same facts, byte for byte, and
 * a later `to` only appends (earlier days never change).
 */
export function generateRegion(options: RegionOptions): RegionRun {
  const fromDay = dayOf(options.from);
  const toDay = dayOf(options.to);
  if (toDay < fromDay) throw new Error(`to (${options.to}) is before from (${options.from})`);
  const { state, facts: baseline } = buildBaseline({ seed: options.seed, scale: options.scale, fromDay, profile: options.profile ?? LANSHAN_2020 });
  if (options.minuteSnapshotsFrom !== undefined) state.minuteSnapshotsFromDay = dayOf(options.minuteSnapshotsFrom);
  let started = false;
  return {
    state,
    [Symbol.iterator]() {
      if (started) throw new Error('a region run can be iterated once; call generateRegion again');
      started = true;
      return run(state, baseline, toDay);
    },
  };
}

function* run(state: RegionState, baseline: Fact[], toDay: number): Generator<Fact> {
  yield* baseline;
  yield* continueRegion(state, toDay);
}

/** Generates the days from `state.nextDay` up to `toDay` (exclusive), advancing the state. */
export function* continueRegion(state: RegionState, toDay: number): Generator<Fact> {
  const sellers = new Sellers(state);
  for (let day = state.nextDay; day < toDay; day++) {
    const ctx = new DayContext(state, day);
    organisationStep(ctx);
    supportStep(ctx);
    yield* ctx.registrations;
    const rng = ctx.rng('sales');
    const dayOrders = ordersOn(ctx);
    for (let hour = 0; hour < 24; hour++) {
      const hourEnd = ctx.start + (hour + 1) * HOUR;
      const sales = salesForHour(ctx, sellers, hour, dayOrders, rng);
      for (const { at, fact } of sales) {
        while (state.pending.peekTime() <= at) yield state.pending.pop()!;
        yield fact;
      }
      while (state.pending.peekTime() < hourEnd) yield state.pending.pop()!;
    }
    state.nextDay = day + 1;
  }
  // Anything still pending lies after the period: it stays queued for a later continuation.
}

/**
 * The region as it stands at the end of a run, without keeping the facts: for live mode after
 * a restart, when the facts are already in the store.
 */
export function buildRegion(options: RegionOptions): RegionState {
  const run = generateRegion(options);
  for (const _ of run) {
    // only the state is wanted
  }
  return run.state;
}
