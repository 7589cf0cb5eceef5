import type { EventData } from '@redstream/schema';
import { formatInstant } from '@redstream/schema';
import type { Rng } from '../random.ts';

const MINUTE = 60_000;

/** What a session's audience comes to by its end; the curve spreads it over the session's minutes. */
export interface AudiencePlan {
  /** Unique viewers by the end. */
  viewers: number;
  /** Views per viewer (PV ÷ UV), above 1. */
  viewsPerViewer: number;
  /** Average watch time per viewer, seconds. */
  watchSeconds: number;
  clickShare: number;
  followerShare: number;
  commentsPerView: number;
  likesPerView: number;
}

/** A streamer's plan for one session: bigger accounts draw more; lognormal spread night to night. */
export function planAudience(rng: Rng, followers: number): AudiencePlan {
  return {
    viewers: Math.max(50, Math.round((followers * 0.04 + 300) * rng.lognormal(0, 0.5))),
    viewsPerViewer: 1.3 + rng.next(),
    watchSeconds: 60 + 240 * rng.next(),
    clickShare: 0.05 + 0.1 * rng.next(),
    followerShare: 0.02 * rng.next(),
    commentsPerView: 0.05 * rng.next(),
    likesPerView: 0.5 + 2 * rng.next(),
  };
}

/**
 * How many watch at minute `i` of `n`, relative: a quick ramp-up over the first tenth, a peak
 * about 40 % in (a 19:00 session peaks near 21:00, the evening's busiest hour), a long tail to the
 * end, and ±8 % minute-to-minute noise. Never 0, so the cumulative counters keep rising.
 */
export function audienceShape(i: number, n: number, rng: Rng): number {
  const x = (i + 1) / n;
  const ramp = Math.min(1, x / 0.1);
  const peak = Math.exp(-(((x - 0.4) / 0.35) ** 2));
  return Math.max(0.02, ramp * (0.3 + 0.7 * peak) * (1 + 0.08 * rng.normal()));
}

type Snapshot = EventData<'LiveAudienceReported'>;

/**
 * One snapshot a minute over [startMs + 1 min, endMs], each with cumulative counters that never
 * decrease and online viewers following audienceShape; the last reaches the plan's totals. Online ×
 * 60 s summed over the minutes is the watch time, so average watch time = plan.watchSeconds.
 */
export function minuteSnapshots(sessionId: string, streamerId: string, startMs: number, endMs: number, plan: AudiencePlan, rng: Rng): { at: number; data: Snapshot }[] {
  const audience = new RunningAudience(sessionId, streamerId, startMs, endMs, plan, rng);
  const out: { at: number; data: Snapshot }[] = [];
  for (let data = audience.next(endMs); data; data = audience.next(endMs)) out.push({ at: Date.parse(data.at), data });
  return out;
}

/**
 * A session's audience minute by minute: the history takes every minute at once (minuteSnapshots),
 * the live mode one minute at a time as the clock passes it. The curve is planned over [startMs, endMs].
 */
export class RunningAudience {
  private readonly shape: number[];
  private readonly total: number;
  private readonly k: number;
  private minute = 0;
  private arrived = 0;
  private watch = 0;

  constructor(
    readonly sessionId: string,
    readonly streamerId: string,
    readonly startMs: number,
    readonly endMs: number,
    private readonly plan: AudiencePlan,
    rng: Rng,
  ) {
    const n = Math.max(1, Math.floor((endMs - startMs) / MINUTE));
    this.shape = Array.from({ length: n }, (_, i) => audienceShape(i, n, rng));
    this.total = this.shape.reduce((a, b) => a + b, 0);
    this.k = plan.watchSeconds / (60 * this.total);
  }

  /** The snapshot of the next minute if it is due by `now` (at most one a call), else undefined. */
  next(now: number): Snapshot | undefined {
    const at = this.startMs + (this.minute + 1) * MINUTE;
    if (at > now || this.minute >= this.shape.length) return undefined;
    const s = this.shape[this.minute++]!;
    this.arrived += s;
    const online = Math.round(this.k * this.plan.viewers * s);
    this.watch += online * 60;
    const viewers = Math.round((this.plan.viewers * this.arrived) / this.total);
    const views = Math.round(viewers * this.plan.viewsPerViewer);
    return {
      sessionId: this.sessionId, streamerId: this.streamerId, at: formatInstant(at), onlineNow: online, views, viewers,
      newFollowers: Math.round(viewers * this.plan.followerShare),
      productClickUsers: Math.round(viewers * this.plan.clickShare),
      comments: Math.round(views * this.plan.commentsPerView),
      likes: Math.round(views * this.plan.likesPerView),
      watchSeconds: this.watch,
    };
  }
}
