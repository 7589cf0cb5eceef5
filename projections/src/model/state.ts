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
  /** The sale's occurred_at, epoch ms (formatted only when a refund needs it). */
  occurred_ms: number;
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

/** A Map that forgets its oldest entries beyond `limit` (insertion order = recency of sale). */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }
  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.limit) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}

export class ProjectionState {
  readonly streamers = new Map<string, StreamerRow>();
  readonly agreements = new Map<string, AgreementDims>();
  readonly sessions = new Map<string, { region_code: string }>();
  readonly openAppeals = new Map<string, AppealRow>();
  /** Recent orders for refunds; older ones are looked up in sales_raw before the batch is mapped. */
  readonly orders: BoundedMap<string, OrderDims>;
  readonly regionsSeen = new Set<string>();

  constructor(options: { orderCache?: number } = {}) {
    this.orders = new BoundedMap(options.orderCache ?? 300_000);
  }
}
