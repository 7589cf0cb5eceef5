import { z } from 'zod';
import * as organisation from './events/organisation.ts';
import * as sales from './events/sales.ts';
import * as live from './events/live.ts';
import * as referencePrices from './events/reference-prices.ts';
import * as support from './events/support.ts';

/**
 * The event catalog: every fact type redstream records, with its current schema version, the
 * family an API key scope grants, and the aggregate stream it is appended to.
 * Adding a type here is all it takes for validation, OpenAPI and the projector to know it.
 */
export type Family = 'organisation' | 'support' | 'sales';

interface Entry<S extends z.ZodType> {
  schema: S;
  version: number;
  family: Family;
  /** Aggregate stream `<category>-<id>`; KurrentDB's category projection splits at the first `-`. */
  stream: (data: z.infer<S>) => string;
}

const entry = <S extends z.ZodType>(e: Entry<S>): Entry<S> => e;

/**
 * Stream names, one builder per aggregate category: the catalog's `stream` below and code that
 * reads another aggregate's stream (the write path reading a sale's streamer) use these.
 */
export const streams = {
  park: (id: string) => `park-${id}`,
  committee: (id: string) => `committee-${id}`,
  branch: (id: string) => `branch-${id}`,
  station: (id: string) => `station-${id}`,
  streamer: (id: string) => `streamer-${id}`,
  session: (id: string) => `session-${id}`,
  agreement: (id: string) => `agreement-${id}`,
  loan: (id: string) => `loan-${id}`,
  award: (id: string) => `award-${id}`,
  appeal: (id: string) => `appeal-${id}`,
  order: (id: string) => `order-${id}`,
  household: (id: string) => `household-${id}`,
  liveaudience: (id: string) => `liveaudience-${id}`,
  referenceprice: (id: string) => `referenceprice-${id}`,
} as const;

export const catalog = {
  ParkRegistered: entry({ schema: organisation.ParkRegistered, version: 1, family: 'organisation', stream: (d) => streams.park(d.parkId) }),
  IndustryCommitteeFounded: entry({ schema: organisation.IndustryCommitteeFounded, version: 1, family: 'organisation', stream: (d) => streams.committee(d.committeeId) }),
  BranchFounded: entry({ schema: organisation.BranchFounded, version: 1, family: 'organisation', stream: (d) => streams.branch(d.branchId) }),
  WarmStationOpened: entry({ schema: organisation.WarmStationOpened, version: 1, family: 'organisation', stream: (d) => streams.station(d.stationId) }),
  StreamerRegistered: entry({ schema: organisation.StreamerRegistered, version: 1, family: 'organisation', stream: (d) => streams.streamer(d.streamerId) }),
  PartyStatusChanged: entry({ schema: organisation.PartyStatusChanged, version: 1, family: 'organisation', stream: (d) => streams.streamer(d.streamerId) }),
  FollowersReported: entry({ schema: organisation.FollowersReported, version: 1, family: 'organisation', stream: (d) => streams.streamer(d.streamerId) }),
  TrainingSessionHeld: entry({ schema: support.TrainingSessionHeld, version: 1, family: 'support', stream: (d) => streams.session(d.sessionId) }),
  StreamerTrained: entry({ schema: support.StreamerTrained, version: 1, family: 'support', stream: (d) => streams.session(d.sessionId) }),
  ParcelDiscountGranted: entry({ schema: support.ParcelDiscountGranted, version: 1, family: 'support', stream: (d) => streams.agreement(d.agreementId) }),
  ParcelsShipped: entry({ schema: support.ParcelsShipped, version: 1, family: 'support', stream: (d) => streams.agreement(d.agreementId) }),
  LoanGranted: entry({ schema: support.LoanGranted, version: 1, family: 'support', stream: (d) => streams.loan(d.loanId) }),
  AwardGranted: entry({ schema: support.AwardGranted, version: 1, family: 'support', stream: (d) => streams.award(d.awardId) }),
  AppealRaised: entry({ schema: support.AppealRaised, version: 1, family: 'support', stream: (d) => streams.appeal(d.appealId) }),
  AppealResolved: entry({ schema: support.AppealResolved, version: 1, family: 'support', stream: (d) => streams.appeal(d.appealId) }),
  SaleRecorded: entry({ schema: sales.SaleRecorded, version: 2, family: 'sales', stream: (d) => streams.order(d.orderId) }),
  SaleRefunded: entry({ schema: sales.SaleRefunded, version: 1, family: 'sales', stream: (d) => streams.order(d.orderId) }),
  FarmerPaid: entry({ schema: sales.FarmerPaid, version: 1, family: 'sales', stream: (d) => streams.household(d.householdId) }),
  // Sessions are the streamer's (see events/live.ts); their audience has a stream per session.
  LiveSessionStarted: entry({ schema: live.LiveSessionStarted, version: 1, family: 'sales', stream: (d) => streams.streamer(d.streamerId) }),
  LiveSessionEnded: entry({ schema: live.LiveSessionEnded, version: 1, family: 'sales', stream: (d) => streams.streamer(d.streamerId) }),
  LiveAudienceReported: entry({ schema: live.LiveAudienceReported, version: 1, family: 'sales', stream: (d) => streams.liveaudience(d.sessionId) }),
  ProduceReferencePriceSet: entry({ schema: referencePrices.ProduceReferencePriceSet, version: 1, family: 'sales', stream: (d) => streams.referenceprice(d.regionCode) }),
} as const;

export type Catalog = typeof catalog;
export type EventType = keyof Catalog;
export const EVENT_TYPES = Object.keys(catalog) as EventType[];
export const FAMILIES: readonly Family[] = ['organisation', 'support', 'sales'];

export type EventData<T extends EventType> = z.infer<Catalog[T]['schema']>;

/** A fact as the domain sees it: its type and validated, current-version data. */
export type DomainEvent = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;

export const isEventType = (type: string): type is EventType => Object.hasOwn(catalog, type);

export const streamOf = (event: DomainEvent): string =>
  (catalog[event.type].stream as (d: unknown) => string)(event.data);
