import { createHash } from 'node:crypto';
import { catalog, parseData, shanghaiDate, type DomainEvent, type EventType } from '@redstream/schema';
import type { EventStore, StreamWrite } from '@redstream/event-store';
import { Rng } from '@redstream/simulator/random';

/**
 * A deterministic mix of every fact type for tests and benchmarks: organisation first, then
 * streamers, then a stream of sales (a few stored as SaleRecorded v1, with yuan strings, to go
 * through upcasting), refunds of earlier orders, farmer payments, shipments, training, loans,
 * awards, appeals, party status and follower changes. Same seed, same events, same ids.
 * With `liveSessions` the log also holds live sessions, their audience and their buyers
 * (GenerateOptions); without it the output is what it always was (benchmarks compare across runs).
 */
export const uuidOf = (key: string): string => {
  const h = createHash('sha1').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export interface GeneratedEvent {
  eventId: string;
  stream: string;
  schemaVersion: number;
  event: DomainEvent;
  /** Stored data (differs from event.data for v1 sales). */
  data: Record<string, unknown>;
}

const COUNTIES = ['371302', '371311', '371312', '371321', '370102'];
const CATEGORIES = ['农产品', '服装', '美妆', '食品', '家居'];
const PLATFORMS = ['douyin', 'kuaishou', 'taobao', 'wechat_channels', 'other'] as const;
const STATUSES = ['none', 'applicant', 'activist', 'probationary', 'member'] as const;
const YEAR_START = Date.parse('2024-12-31T15:00:00Z'); // 2024-12-31 23:00 Shanghai: the first hour straddles midnight

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const villageOf = (i: number) => `${COUNTIES[i % 3]}${pad(100 + (i % 7), 3)}${pad(200 + (i % 11), 3)}`;
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

/** Options of generateEvents. */
export interface GenerateOptions {
  /**
   * Every fifth streamer goes live: one session a Shanghai calendar month, started at their first
   * event of the month and ended at the month's last millisecond (a year of 100,000 events has too
   * few sales a night for an evening session to hold several). Each time that streamer is drawn, a
   * snapshot of the session's audience comes first (cumulative counters rising; some snapshots
   * leave comments and likes out, as platforms do); each of their sales names the session. Every
   * sale not stored as v1 carries a buyerRef from a pool of 13 per streamer, so buyers repeat
   * within a session. Refunds follow as for any order, some weeks after the session ended.
   * No extra random draws: the other events are those of the same seed without the option.
   */
  liveSessions?: boolean;
}

interface OpenSession {
  id: string;
  streamer: number;
  views: number;
  viewers: number;
  newFollowers: number;
  clicks: number;
  comments: number;
  likes: number;
  watch: number;
}

/** A salted-hash-like buyer reference (hex, so BuyerRef accepts it): 13 regulars per streamer. */
const buyerRefOf = (streamer: number, orderNo: number): string => createHash('sha1').update(`buyer|s${streamer}|${orderNo % 13}`).digest('hex').slice(0, 32);
/** The first millisecond of the Shanghai calendar month `yyyy-mm`. */
const shanghaiMonthStart = (month: string): number => Date.parse(`${month}-01T00:00:00+08:00`);

export function* generateEvents(total: number, seed = 42, options: GenerateOptions = {}): Generator<GeneratedEvent> {
  const random = new Rng(seed);
  const r = () => random.next();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  let n = 0;
  const mk = (type: EventType, data: Record<string, unknown>, schemaVersion = catalog[type].version, stored = data): GeneratedEvent => {
    n++;
    const event = { type, data } as DomainEvent;
    return { eventId: uuidOf(`${seed}:${n}`), stream: (catalog[type].stream as (d: unknown) => string)(data), schemaVersion, event, data: stored };
  };
  const parks = 8;
  const streamerCount = Math.max(40, Math.floor(total / 250));
  const sessions = 12;
  const agreements = 6;
  for (let i = 0; i < 3; i++) yield mk('IndustryCommitteeFounded', { committeeId: `c${i}`, name: `行业党委${i}`, level: 'county', regionCode: COUNTIES[i]!, foundedOn: '2024-03-01' });
  for (let i = 0; i < parks; i++) yield mk('ParkRegistered', { parkId: `p${i}`, name: `直播基地${i}`, regionCode: `${COUNTIES[i % COUNTIES.length]}${pad(100 + i, 3)}`, kind: 'livestream_base', floorAreaM2: 1000 + i });
  for (let i = 0; i < 16; i++) yield mk('BranchFounded', { branchId: `b${i}`, name: `党支部${i}`, regionCode: COUNTIES[i % 3]!, foundedOn: '2025-01-0' + (1 + (i % 9)), committeeId: `c${i % 3}`, parkId: `p${i % parks}` });
  for (let i = 0; i < 5; i++) yield mk('WarmStationOpened', { stationId: `w${i}`, name: `暖新驿站${i}`, regionCode: COUNTIES[i]!, openedOn: '2025-02-01', parkId: `p${i}` });
  for (let i = 0; i < sessions; i++) yield mk('TrainingSessionHeld', { sessionId: `t${i}`, title: `直播培训${i}`, organizerId: `c${i % 3}`, regionCode: COUNTIES[i % 3]!, startsOn: '2025-03-01', endsOn: '2025-03-03' });
  for (let i = 0; i < agreements; i++)
    yield mk('ParcelDiscountGranted', { agreementId: `a${i}`, carrier: `快递${i}`, regionCode: COUNTIES[i % 3]!, standardFeeFen: 300 + i * 10, discountedFeeFen: 180 + i * 5, validFrom: '2025-01-01', validTo: '2025-12-31', parkId: `p${i}`, negotiatedBy: `c${i % 3}` });
  const status: string[] = [];
  for (let i = 0; i < streamerCount; i++) {
    status.push(STATUSES[i % 3]!);
    const region = i % 4 === 0 ? `${COUNTIES[i % COUNTIES.length]}${pad(100 + (i % 5), 3)}` : COUNTIES[i % COUNTIES.length]!;
    yield mk('StreamerRegistered', {
      streamerId: `s${i}`,
      displayName: `主播${i}`,
      platform: PLATFORMS[i % PLATFORMS.length]!,
      category: CATEGORIES[i % CATEGORIES.length]!,
      regionCode: region,
      followers: 1000 * i,
      partyStatus: status[i]!,
      registeredOn: '2024-12-01',
      ...(i % 3 === 0 ? {} : { parkId: `p${i % parks}` }),
    });
  }
  const orders: { id: string; amount: number; refunded: number; at: number }[] = [];
  let clock = YEAR_START;
  const step = (365 * 86_400_000) / total;
  let appealSeq = 0;
  const openAppeals: number[] = [];
  const live = new Map<number, OpenSession>();
  let month = shanghaiDate(clock).slice(0, 7);
  while (n < total) {
    clock += Math.floor(r() * 2 * step) + 1;
    const roll = r();
    const s = Math.floor(r() * streamerCount);
    let session: OpenSession | undefined;
    if (options.liveSessions) {
      const now = shanghaiDate(clock).slice(0, 7);
      if (now !== month) {
        // A new month: last month's sessions end at its last millisecond (every event of theirs came before).
        const endedAt = iso(shanghaiMonthStart(now) - 1);
        for (const o of live.values()) yield mk('LiveSessionEnded', { sessionId: o.id, streamerId: `s${o.streamer}`, endedAt });
        live.clear();
        month = now;
      }
      if (s % 5 === 0) {
        session = live.get(s);
        if (!session) {
          session = { id: `ls-s${s}-${month}`, streamer: s, views: 0, viewers: 0, newFollowers: 0, clicks: 0, comments: 0, likes: 0, watch: 0 };
          live.set(s, session);
          yield mk('LiveSessionStarted', { sessionId: session.id, streamerId: `s${s}`, platform: PLATFORMS[s % PLATFORMS.length]!, title: `主播${s}的直播间`, startedAt: iso(clock) });
        }
        // Counter steps from the event number, not the random stream; cumulative ones never go down.
        const k = n;
        session.viewers += k % 37;
        session.views += (k % 37) + (k % 11);
        session.newFollowers += k % 3;
        session.clicks += k % 7;
        session.comments += k % 5;
        session.likes += k % 41;
        session.watch += 60 * (k % 53);
        const partial = k % 3 === 0;
        yield mk('LiveAudienceReported', {
          sessionId: session.id,
          streamerId: `s${s}`,
          at: iso(clock),
          onlineNow: (k * 7919) % 5000,
          views: session.views,
          viewers: session.viewers,
          newFollowers: session.newFollowers,
          productClickUsers: session.clicks,
          ...(partial ? {} : { comments: session.comments, likes: session.likes }),
          watchSeconds: session.watch,
        });
      }
    }
    if (roll < 0.7 || orders.length === 0) {
      const id = `o${orders.length}`;
      const amount = 100 + Math.floor(r() * 50_000);
      orders.push({ id, amount, refunded: 0, at: clock });
      const data = { orderId: id, streamerId: `s${s}`, occurredAt: iso(clock), product: `商品${s % 50}`, category: pick(CATEGORIES), quantity: 1 + Math.floor(r() * 3), amountFen: amount, ...(r() < 0.3 ? { originVillageCode: villageOf(s), cooperativeId: `coop${s % 9}` } : {}), ...(r() < 0.5 ? { buyerRegionCode: '110105' } : {}) };
      const storedAsV1 = orders.length % 50 === 7;
      if (options.liveSessions && !storedAsV1) Object.assign(data, { ...(session ? { liveSessionId: session.id } : {}), buyerRef: buyerRefOf(s, orders.length) });
      if (storedAsV1) {
        const { amountFen, ...rest } = data;
        const v1 = { ...rest, amountYuan: `${Math.floor(amountFen / 100)}.${pad(amountFen % 100, 2)}` };
        yield mk('SaleRecorded', data, 1, v1);
      } else yield mk('SaleRecorded', data);
    } else if (roll < 0.77) {
      const o = orders[Math.max(0, orders.length - 1 - Math.floor(r() * Math.min(orders.length, r() < 0.1 ? 100_000 : 500)))]!;
      if (o.refunded >= o.amount) continue;
      const amount = Math.max(1, Math.min(o.amount - o.refunded, 1 + Math.floor(r() * o.amount)));
      o.refunded += amount;
      yield mk('SaleRefunded', { orderId: o.id, amountFen: amount, occurredAt: iso(Math.max(clock, o.at)) });
    } else if (roll < 0.87) {
      const h = Math.floor(r() * 3000);
      yield mk('FarmerPaid', { paymentId: `f${n}`, householdId: `h${h}`, villageCode: villageOf(h), amountFen: 1000 + Math.floor(r() * 100_000), paidOn: shanghaiDate(clock), ...(h % 2 ? { cooperativeId: `coop${h % 9}` } : {}) });
    } else if (roll < 0.92) {
      yield mk('ParcelsShipped', { agreementId: `a${Math.floor(r() * agreements)}`, shippedOn: shanghaiDate(clock), parcels: Math.floor(r() * 500), ...(r() < 0.5 ? { streamerId: `s${s}` } : {}) });
    } else if (roll < 0.94) {
      yield mk('StreamerTrained', { streamerId: `s${s}`, sessionId: `t${Math.floor(r() * sessions)}`, hours: 1 + Math.floor(r() * 16) / 2, completedOn: shanghaiDate(clock) });
    } else if (roll < 0.95) {
      const idx = STATUSES.indexOf(status[s] as (typeof STATUSES)[number]);
      if (idx >= STATUSES.length - 1) continue;
      status[s] = STATUSES[idx + 1]!;
      yield mk('PartyStatusChanged', { streamerId: `s${s}`, to: status[s], changedOn: shanghaiDate(clock) });
    } else if (roll < 0.97) {
      yield mk('FollowersReported', { streamerId: `s${s}`, followers: Math.floor(r() * 2_000_000), reportedAt: iso(clock) });
    } else if (roll < 0.98) {
      yield mk('LoanGranted', { loanId: `l${n}`, streamerId: `s${s}`, lender: '农商行', amountFen: 1_000_000 + Math.floor(r() * 50_000_000), rateBp: 300, benchmarkRateBp: 385, termMonths: 12, grantedOn: shanghaiDate(clock) });
    } else if (roll < 0.985) {
      yield mk('AwardGranted', { awardId: `aw${n}`, streamerId: `s${s}`, title: '最美主播', awardedOn: shanghaiDate(clock) });
    } else if (roll < 0.993 || openAppeals.length === 0) {
      openAppeals.push(appealSeq);
      yield mk('AppealRaised', { appealId: `ap${appealSeq++}`, streamerId: `s${s}`, topic: 'logistics', summary: '快递网点太远', raisedAt: iso(clock) });
    } else {
      const a = openAppeals.splice(Math.floor(r() * openAppeals.length), 1)[0]!;
      yield mk('AppealResolved', { appealId: `ap${a}`, resolution: '已协调', resolvedAt: iso(clock) });
    }
  }
}

/** Appends generated events to the store, `chunk` one-event stream writes per transaction; events that fail their schema are stored unmarked. */
export async function appendGenerated(store: EventStore, events: Iterable<GeneratedEvent>, chunk = 2000): Promise<number> {
  // Events of one stream within a chunk go into one write (after its first event, so causal order holds).
  let writes = new Map<string, StreamWrite>();
  let pending = 0;
  let count = 0;
  const flush = async () => {
    if (writes.size) await store.appendMany([...writes.values()]);
    count += pending;
    writes = new Map();
    pending = 0;
  };
  for (const g of events) {
    // Validated here as the write API validates at its door (and marked so, metadata.ts), so a
    // projection of this log decodes what a production log would; old versions are left unmarked.
    const validated = g.schemaVersion === catalog[g.event.type].version && parseData(g.event.type, g.data).ok;
    const e = { eventId: g.eventId, type: g.event.type, data: g.data, metadata: { schemaVersion: g.schemaVersion, sender: 'test', ...(validated ? { validated: true } : {}) } };
    const w = writes.get(g.stream);
    if (w) w.events.push(e);
    else writes.set(g.stream, { streamId: g.stream, events: [e] });
    if (++pending >= chunk) await flush();
  }
  await flush();
  return count;
}
