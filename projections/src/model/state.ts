import { regionAt, type RegionLevel } from '@redstream/schema';

/**
 * What the projector remembers between events to resolve facts that name an entity only by id:
 * a sale names its streamer (whose region, park and platform it belongs to), a refund its order,
 * a shipment its agreement, an appeal's resolution the appeal. The attributes used for resolving
 * are fixed at registration, so a state restored from the ClickHouse dimension tables (which may
 * run ahead of the checkpoint after a crash) resolves every event exactly as the first run did.
 */
export interface RegionColumns {
  region_code: string;
  province: string;
  city: string;
  county: string;
  town: string;
  village: string;
}

const regionCache = new Map<string, Readonly<RegionColumns>>();
const NO_REGION: Readonly<RegionColumns> = Object.freeze({ region_code: '', province: '', city: '', county: '', town: '', village: '' });

/** The code and its ancestors as row columns (memoised: there are few distinct codes). */
export function regionColumns(code: string | undefined): Readonly<RegionColumns> {
  if (!code) return NO_REGION;
  let cols = regionCache.get(code);
  if (!cols) {
    const at = (level: RegionLevel) => regionAt(code, level) ?? '';
    cols = Object.freeze({ region_code: code, province: at('province'), city: at('city'), county: at('county'), town: at('town'), village: at('village') });
    if (regionCache.size < 1_000_000) regionCache.set(code, cols);
  }
  return cols;
}

export interface StreamerRow extends RegionColumns {
  streamer_id: string;
  display_name: string;
  platform: string;
  category: string;
  park_id: string;
  party_status: string;
  registered_on: string;
  followers: number;
  /** Position of the latest change, as a decimal string. */
  version: string;
}

/** What a refund needs of its order (kept for the last `orderCache` orders: small on purpose). */
export interface OrderDims {
  streamer_id: string;
  platform: string;
  park_id: string;
  region_code: string;
  category: string;
  /** The sale's occurred_at as ClickHouse reads it: the fact's ISO text, or ClickHouse's own for orders fetched back. */
  occurred_at: string;
}

export interface AgreementDims {
  agreement_id: string;
  carrier: string;
  region_code: string;
  park_id: string;
  standard_fee_fen: number;
  discounted_fee_fen: number;
}

export interface AppealRow {
  appeal_id: string;
  streamer_id: string;
  topic: string;
  summary: string;
  raised_at: string;
  raised_ms: number;
  region_code: string;
  park_id: string;
}

/**
 * A cache of the most recent entries: two generations of Maps, the older dropped whole when the
 * newer fills half the limit, so it holds between limit/2 and limit entries. Why not one Map that
 * deletes its oldest key per insert: V8 leaves deleted entries in place until a rehash, and
 * finding the oldest live key scans past them — quadratic once the cache is full (it made a
 * 1,000,000-event catch-up spend 40 s mapping instead of 6).
 */
export class RecentMap<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();
  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    return this.current.get(key) ?? this.previous.get(key);
  }
  has(key: K): boolean {
    return this.current.has(key) || this.previous.has(key);
  }
  set(key: K, value: V): this {
    if (this.current.size >= Math.max(1, this.limit >> 1)) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
    return this;
  }
  get size(): number {
    return this.current.size + this.previous.size;
  }
}

export class ProjectionState {
  readonly streamers = new Map<string, StreamerRow>();
  readonly agreements = new Map<string, AgreementDims>();
  readonly sessions = new Map<string, { region_code: string }>();
  readonly openAppeals = new Map<string, AppealRow>();
  /** Recent orders for refunds; older ones are looked up in sales_raw before the batch is mapped. */
  readonly orders: RecentMap<string, OrderDims>;
  readonly regionsSeen = new Set<string>();

  constructor(options: { orderCache?: number } = {}) {
    this.orders = new RecentMap(options.orderCache ?? 300_000);
  }
}
