import type { MetricDefinition } from '@redstream/queries';

/** The figures the `screen-live` persisted subscription pushes (graphql-api `LiveFigures`). Money is yuan as a decimal string. */
export interface SalesSummary {
  orders: number;
  gmv: string;
  refunds?: string;
  netSales?: string;
  averageOrderValue?: string;
  streamers?: number;
}

export interface BreakdownRow {
  key: string;
  orders: number;
  gmv: string;
}

export interface LiveFigures {
  regionCode: string | null;
  parkId: string | null;
  day: string;
  today: Required<SalesSummary>;
  ordersLastMinute: number;
  ordersPerMinute: number;
  todayByHour: { bucket: string; orders: number; gmv: string }[];
  topStreamers: { streamerId: string; displayName: string; gmv: string; orders: number }[];
  /** The ranked streamers' live sessions today, in the ranking's order (money in yuan, null over a zero denominator). */
  topStreamerSessions: StreamerSessions[];
  categories: BreakdownRow[];
  buyerProvinces: BreakdownRow[];
  farmSalesToday: SalesSummary;
  farmerIncomeToday: string;
  farmerHouseholdsToday: number;
  branches: number;
  members: number;
  applicants: number;
  trainingThisYear: { sessions: number; trainees: number; personTimes: number; hours: number };
  parcelSavingsThisYear: string;
  parcelsThisYear: number;
  newestSaleAt: string | null;
  computedAt: string;
  position: string | null;
}

export interface StreamerSessions {
  streamerId: string;
  onAir: boolean;
  onlineNow: number | null;
  sessions: number;
  pcu: number;
  viewers: number;
  uvValue: string | null;
  gpmOverViews: string | null;
}

/** A metric's definition (口径) as the server's METRIC_DEFINITIONS states it, written into the page. */
export type { MetricDefinition } from '@redstream/queries';

/** What each GraphQL answer says it was read at (`extensions.freshness`): one description, in schema/. */
export type { Freshness } from '@redstream/schema/freshness';

/** What the server writes into the page (`<script id="rs-config">`). */
export interface ScreenConfig {
  scope: { regionCode?: string; parkId?: string };
  /** Label of the scope shown under the title. */
  scopeLabel: string;
  title: string;
  graphqlUrl: string;
  /** SHA-256 of the persisted `screen-live` subscription. */
  operationHash: string;
  /** SHA-256 of the persisted `screen-live-now` query (the "live now" playlist page). */
  liveNowOperationHash?: string;
  /** 口径 of every metric the page names (`data-metric`), from the server's METRIC_DEFINITIONS. */
  metrics?: MetricDefinition[];
  /** SHA-256 of the persisted `screen-regions` query (the drill-down map's figures). */
  regionsOperationHash?: string;
  /** A hall's page (`/screen/playlist/:id`): its fit mode and where its playlist is read. */
  fit?: 'fit' | 'fill' | 'letterbox';
  playlist?: { id: string; url: string };
}
