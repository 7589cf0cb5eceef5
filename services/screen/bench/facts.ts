import { randomUUID } from 'node:crypto';
import { formatInstant, shanghaiDate as shanghaiDay, type Fact } from '@redstream/schema';
import { generateRegion, liveFacts, postToApi, type StreamerState } from '@redstream/simulator';

export interface PostResult {
  id: string;
  status: 'accepted' | 'rejected';
  position?: string;
  reason?: string;
}

/** POSTs facts to the write API; throws unless every one is accepted. */
export async function postFacts(url: string, key: string, facts: readonly Fact[]): Promise<PostResult[]> {
  const response = await fetch(new URL('/v1/events', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify(facts),
  });
  const body = (await response.json()) as { results?: PostResult[] };
  const rejected = body.results?.filter((r) => r.status !== 'accepted') ?? [];
  if (!response.ok || !body.results || rejected.length) throw new Error(`write API answered ${response.status}: ${JSON.stringify(rejected.length ? rejected : body).slice(0, 800)}`);
  return body.results;
}


/**
 * A small simulated region (the last week up to yesterday) and a burst of today's live facts, so
 * every panel of the screen has something to show.
 */
export async function seedRegion(url: string, key: string, now = Date.now()): Promise<{ facts: number; streamers: StreamerState[] }> {
  const run = generateRegion({ seed: 6, from: shanghaiDay(now - 7 * 86_400_000), to: shanghaiDay(now), scale: 0.0005 });
  const history = await postToApi(url, key, run, { batchSize: 500 });
  if (history.rejected) throw new Error(`seed rejected: ${JSON.stringify(history.rejections.slice(0, 3))}`);
  const live = await postToApi(url, key, liveFacts({ region: run.state, rate: 2000, limit: 300 }), { batchSize: 100 });
  if (live.rejected) throw new Error(`live seed rejected: ${JSON.stringify(live.rejections.slice(0, 3))}`);
  return { facts: history.accepted + live.accepted, streamers: run.state.streamers };
}

const shanghaiTime = (at: Date) => formatInstant(at.getTime());

/** One sale of an existing streamer, now. */
export function saleOf(streamerId: string, amountFen: number, buyerRegionCode = '440100', at = new Date()): Fact {
  return {
    id: randomUUID(),
    type: 'SaleRecorded',
    data: { orderId: `o-${randomUUID()}`, streamerId, occurredAt: shanghaiTime(at), product: '苹果', category: '农产品', quantity: 1, amountFen, buyerRegionCode },
  } as Fact;
}

/** A new streamer (first fact) and one sale of theirs (second), both for `regionCode`. */
export function streamerWithSale(opts: { name: string; amountFen: number; regionCode: string; buyerRegionCode?: string; at?: Date }): [Fact, Fact] {
  const streamerId = `screen-${randomUUID().slice(0, 8)}`;
  const at = opts.at ?? new Date();
  const occurredAt = shanghaiTime(at);
  return [
    {
      id: randomUUID(),
      type: 'StreamerRegistered',
      data: { streamerId, displayName: opts.name, platform: 'douyin', category: '农产品', regionCode: opts.regionCode, followers: 1000, partyStatus: 'none', registeredOn: occurredAt.slice(0, 10) },
    } as Fact,
    {
      id: randomUUID(),
      type: 'SaleRecorded',
      data: { orderId: `o-${randomUUID()}`, streamerId, occurredAt, product: '苹果', category: '农产品', quantity: 1, amountFen: opts.amountFen, buyerRegionCode: opts.buyerRegionCode ?? '440100' },
    } as Fact,
  ];
}

/**
 * A new streamer on air: registered, a session started 10 minutes ago (not ended), an audience
 * snapshot 2 minutes ago and one sale in the session a minute ago — the facts in order (post them one by one).
 */
export function liveSessionOf(opts: { name: string; regionCode: string; amountFen: number; online: number; views: number; viewers: number; now?: number }): {
  streamerId: string;
  sessionId: string;
  facts: Fact[];
} {
  const now = opts.now ?? Date.now();
  const streamerId = `screen-live-${randomUUID().slice(0, 8)}`;
  const sessionId = `ls-${randomUUID().slice(0, 8)}`;
  const at = (msAgo: number) => formatInstant(now - msAgo);
  const fact = (type: string, data: Record<string, unknown>) => ({ id: randomUUID(), type, data }) as Fact;
  return {
    streamerId,
    sessionId,
    facts: [
      fact('StreamerRegistered', { streamerId, displayName: opts.name, platform: 'douyin', category: '农产品', regionCode: opts.regionCode, followers: 1000, partyStatus: 'none', registeredOn: at(86_400_000).slice(0, 10) }),
      fact('LiveSessionStarted', { sessionId, streamerId, platform: 'douyin', title: '晚间助农专场', startedAt: at(600_000) }),
      fact('LiveAudienceReported', { sessionId, streamerId, at: at(120_000), onlineNow: opts.online, views: opts.views, viewers: opts.viewers }),
      fact('SaleRecorded', {
        orderId: `o-${randomUUID()}`,
        streamerId,
        occurredAt: at(60_000),
        product: '苹果',
        category: '农产品',
        quantity: 1,
        amountFen: opts.amountFen,
        buyerRegionCode: '440100',
        liveSessionId: sessionId,
        buyerRef: `buyer-hash-000000-${randomUUID().slice(0, 8)}`,
      }),
    ],
  };
}
