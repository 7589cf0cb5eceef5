import type { QueryContext } from './access.ts';
import { liveMetricsBreakdown, NO_LIVE_FIGURES, type LiveGroupFigures } from './live-metrics-by.ts';
import { liveNow } from './live-now.ts';
import type { LiveScope } from './live.ts';
import type { StreamerRanking } from './sales-breakdown.ts';

/** A ranked streamer's live sessions today (Asia/Shanghai), as a screen's ranking shows them. */
export interface RankedStreamerSessions extends LiveGroupFigures {
  streamerId: string;
  /** A session of theirs is on air now (liveNow: started in the last ON_AIR_LOOKBACK_HOURS, not ended). */
  onAir: boolean;
  /** Online now over their sessions on air (latest snapshots); null when off air or before a snapshot. */
  onlineNow: number | null;
}

/** Every streamer's session figures today and who is on air: read together, re-read with the screen's slow figures. */
export interface StreamersLiveToday {
  /** Sessions started today in the scope, by streamer (liveMetricsBreakdown by STREAMER). */
  figures: ReadonlyMap<string, LiveGroupFigures>;
  /** Streamers on air now in the scope → their online count (null before a snapshot). */
  onAir: ReadonlyMap<string, number | null>;
}

/**
 * Streamers with sessions in a day are few (hundreds in a county); the ranking is chosen by sales
 * (every sale, in a session or not) and moves with every push, so the figures of all of them are
 * kept and the ranked ones picked at each push.
 */
const MAX_STREAMERS = 500;

export async function streamersLiveToday(ctx: QueryContext, scope: LiveScope, day: string, now: number): Promise<StreamersLiveToday> {
  const [rows, onAirNow] = await Promise.all([
    // Without `to`, no comparison periods are read: the screen shows today only.
    liveMetricsBreakdown(ctx, { from: day, regionCode: scope.regionCode ?? null, parkId: scope.parkId ?? null }, 'STREAMER', { limit: MAX_STREAMERS }),
    liveNow(ctx, scope, now, 10_000),
  ]);
  const onAir = new Map<string, number | null>();
  for (const s of onAirNow.sessions) {
    const before = onAir.get(s.streamerId);
    onAir.set(s.streamerId, s.onlineNow === null ? (before ?? null) : (before ?? 0) + s.onlineNow);
  }
  const figures = new Map<string, LiveGroupFigures>();
  for (const { key, label: _label, previousPeriod: _p, samePeriodLastYear: _y, ...f } of rows) figures.set(key, f);
  return { figures, onAir };
}

/** The ranked streamers' session figures, in the ranking's order (zero sessions where they have none today). */
export const rankedStreamerSessions = (ranking: readonly StreamerRanking[], today: StreamersLiveToday): RankedStreamerSessions[] =>
  ranking.map((r) => ({
    streamerId: r.streamerId,
    ...(today.figures.get(r.streamerId) ?? NO_LIVE_FIGURES),
    onAir: today.onAir.has(r.streamerId),
    onlineNow: today.onAir.get(r.streamerId) ?? null,
  }));
