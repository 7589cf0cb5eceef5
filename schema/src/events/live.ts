import { z } from 'zod';
import { Count, EntityId, IsoDateTime, Platform, Text } from '../primitives.ts';

/**
 * Live sessions (直播场次) and their audience. A session belongs to its streamer: start and end
 * are appended to the streamer's stream, whose state knows every session (one open per platform,
 * which session a sale may name). Audience snapshots come every minute or so, too many for the
 * streamer's stream, so they go to a stream of their own per session; they still name the
 * streamer, because the streamer's state is where the session's bounds are known.
 */

export const LiveSessionStarted = z.strictObject({
  sessionId: EntityId,
  streamerId: EntityId,
  platform: Platform,
  title: Text(200),
  startedAt: IsoDateTime,
});

export const LiveSessionEnded = z.strictObject({
  sessionId: EntityId,
  /** The session's streamer: the end is appended to the streamer's stream, beside the start. */
  streamerId: EntityId,
  endedAt: IsoDateTime,
});

/**
 * A platform's audience figures for a session at one moment. `onlineNow` is a gauge; every other
 * figure is cumulative since the session started (it never decreases within a session), the way
 * Douyin's and WeChat Channels' dashboards report them. All but `at` and `onlineNow` are optional:
 * platforms differ in what they expose.
 */
export const LiveAudienceReported = z.strictObject({
  sessionId: EntityId,
  streamerId: EntityId,
  at: IsoDateTime,
  /** People in the room now (在线人数); the session's peak of it is PCU. */
  onlineNow: Count,
  /** Cumulative views (PV, 观看次数): one person entering twice counts twice. */
  views: Count.optional(),
  /** Cumulative unique viewers (UV, 观看人数). */
  viewers: Count.optional(),
  /** Cumulative new followers won during the session (涨粉). */
  newFollowers: Count.optional(),
  /** Cumulative unique users who clicked a product (商品点击人数). */
  productClickUsers: Count.optional(),
  comments: Count.optional(),
  likes: Count.optional(),
  /** Cumulative seconds watched by everyone; ÷ viewers is the average watch time. */
  watchSeconds: Count.optional(),
});

/** Counters of a snapshot that are cumulative within a session. */
export const CUMULATIVE_AUDIENCE_FIELDS = ['views', 'viewers', 'newFollowers', 'productClickUsers', 'comments', 'likes', 'watchSeconds'] as const;
