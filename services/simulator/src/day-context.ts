import type { EventData, EventType, Fact } from '@redstream/schema';
import { makeFact } from './fact.ts';
import type { RegionState } from './model/state.ts';
import { Rng } from './random.ts';
import { dayParts, dayStartMs, formatDay, type DayParts } from '@redstream/schema';

/**
 * What one day's generation steps share: the state, the day, a random stream per step (so a
 * change in one step never shifts another's draws), and two ways to emit — `register` for
 * entities that must exist before anything else that day, `schedule` for facts at a time.
 */
export class DayContext {
  readonly start: number;
  readonly date: string;
  readonly parts: DayParts;
  readonly registrations: Fact[] = [];
  /** Live sessions started today (their ids), so each starts once, before its first order. */
  readonly liveSessions = new Set<string>();
  /** Volume relative to the run's first day: the region grows while it runs. */
  readonly growth: number;

  constructor(
    readonly state: RegionState,
    readonly day: number,
  ) {
    this.start = dayStartMs(day);
    this.date = formatDay(day);
    this.parts = dayParts(day);
    this.growth = Math.pow(1 + state.profile.growthPerYear, (day - state.fromDay) / 365);
  }

  rng(step: string): Rng {
    return Rng.of(`${this.state.runKey}|${step}|${this.day}`);
  }

  fact<T extends EventType>(type: T, key: string, data: EventData<T>): Fact {
    return makeFact(this.state.runKey, type, key, data);
  }

  register<T extends EventType>(type: T, key: string, data: EventData<T>): void {
    this.registrations.push(this.fact(type, key, data));
  }

  schedule<T extends EventType>(at: number, type: T, key: string, data: EventData<T>): void {
    this.state.pending.push(at, this.fact(type, key, data));
  }
}
