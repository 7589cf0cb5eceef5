import type { DomainEvent, EventType } from '@redstream/schema';
import type { CommandMetadata, Decider } from './decider.ts';
import { appealDecider, type AppealState } from './appeal/appeal.ts';
import { awardDecider } from './award/award.ts';
import { branchDecider } from './branch/branch.ts';
import { committeeDecider } from './committee/committee.ts';
import { discountAgreementDecider, type DiscountAgreementState } from './discount-agreement/discount-agreement.ts';
import { householdDecider } from './household/household.ts';
import { loanDecider } from './loan/loan.ts';
import { orderDecider, type OrderState } from './order/order.ts';
import { parkDecider } from './park/park.ts';
import { stationDecider } from './station/station.ts';
import { streamerDecider, type StreamerState } from './streamer/streamer.ts';
import { trainingSessionDecider } from './training-session/training-session.ts';
import { liveAudienceDecider } from './live-session/live-session.ts';
import { referencePriceDecider } from './reference-price/reference-price.ts';

/**
 * How a fact sent from outside reaches its aggregate: which decider rules on it, which command it
 * stands for, and which other aggregate (always a streamer) the rules or the key's region limit
 * need. Facts are past tense; recording one is the command named here.
 */
export const deciders = {
  park: parkDecider,
  committee: committeeDecider,
  branch: branchDecider,
  station: stationDecider,
  streamer: streamerDecider,
  'training-session': trainingSessionDecider,
  'discount-agreement': discountAgreementDecider,
  order: orderDecider,
  household: householdDecider,
  loan: loanDecider,
  award: awardDecider,
  appeal: appealDecider,
  'live-audience': liveAudienceDecider,
  'reference-price': referencePriceDecider,
} as const;

export type AggregateName = keyof typeof deciders;

/** The command names an aggregate's decider takes (`RegisterPark`, `RecordSale` …). */
export type CommandName<A extends AggregateName> = Parameters<(typeof deciders)[A]['decide']>[0]['type'];

/** An aggregate with one of its own commands: a route naming a command its decider lacks does not compile. */
type AggregateCommand = { [A in AggregateName]: { aggregate: A; command: CommandName<A> } }[AggregateName];

type Route = AggregateCommand & {
  /** The streamer the rules need (sale, training …) or whose region the fact falls in. */
  streamerId?: (data: never, state: never) => string | undefined;
  /** The fact's region when it can be told without the streamer. */
  region?: (data: never, state: never) => string | undefined;
};

const route = <D, S = unknown>(
  r: AggregateCommand & {
    streamerId?: (data: D, state: S) => string | undefined;
    region?: (data: D, state: S) => string | undefined;
  },
): Route => r as Route;

type Regional = { regionCode: string };
type WithStreamer = { streamerId?: string | undefined };
const ownRegion = (d: Regional) => d.regionCode;
const fromData = (d: WithStreamer) => d.streamerId;

export const factRoutes: Record<EventType, Route> = {
  ParkRegistered: route<Regional>({ aggregate: 'park', command: 'RegisterPark', region: ownRegion }),
  IndustryCommitteeFounded: route<Regional>({ aggregate: 'committee', command: 'FoundCommittee', region: ownRegion }),
  BranchFounded: route<Regional>({ aggregate: 'branch', command: 'FoundBranch', region: ownRegion }),
  WarmStationOpened: route<Regional>({ aggregate: 'station', command: 'OpenStation', region: ownRegion }),
  StreamerRegistered: route<Regional>({ aggregate: 'streamer', command: 'RegisterStreamer', region: ownRegion }),
  PartyStatusChanged: route<WithStreamer>({ aggregate: 'streamer', command: 'ChangePartyStatus', streamerId: fromData }),
  FollowersReported: route<WithStreamer>({ aggregate: 'streamer', command: 'ReportFollowers', streamerId: fromData }),
  TrainingSessionHeld: route<Regional>({ aggregate: 'training-session', command: 'HoldTrainingSession', region: ownRegion }),
  StreamerTrained: route<WithStreamer>({ aggregate: 'training-session', command: 'RecordTraining', streamerId: fromData }),
  ParcelDiscountGranted: route<Regional>({ aggregate: 'discount-agreement', command: 'GrantParcelDiscount', region: ownRegion }),
  ParcelsShipped: route<WithStreamer, DiscountAgreementState>({
    aggregate: 'discount-agreement',
    command: 'RecordParcelsShipped',
    streamerId: fromData,
    region: (_d, state) => state.agreement?.regionCode,
  }),
  LoanGranted: route<WithStreamer>({ aggregate: 'loan', command: 'GrantLoan', streamerId: fromData }),
  AwardGranted: route<WithStreamer>({ aggregate: 'award', command: 'GrantAward', streamerId: fromData }),
  AppealRaised: route<WithStreamer>({ aggregate: 'appeal', command: 'RaiseAppeal', streamerId: fromData }),
  AppealResolved: route<unknown, AppealState>({ aggregate: 'appeal', command: 'ResolveAppeal', streamerId: (_d, state) => state.raised?.streamerId }),
  SaleRecorded: route<WithStreamer>({ aggregate: 'order', command: 'RecordSale', streamerId: fromData }),
  SaleRefunded: route<unknown, OrderState>({ aggregate: 'order', command: 'RefundSale', streamerId: (_d, state) => state.sale?.streamerId }),
  FarmerPaid: route<{ villageCode: string }>({ aggregate: 'household', command: 'PayFarmer', region: (d) => d.villageCode }),
  LiveSessionStarted: route<WithStreamer>({ aggregate: 'streamer', command: 'StartLiveSession', streamerId: fromData }),
  LiveSessionEnded: route<WithStreamer>({ aggregate: 'streamer', command: 'EndLiveSession', streamerId: fromData }),
  LiveAudienceReported: route<WithStreamer>({ aggregate: 'live-audience', command: 'ReportLiveAudience', streamerId: fromData }),
  ProduceReferencePriceSet: route<Regional>({ aggregate: 'reference-price', command: 'SetReferencePrice', region: ownRegion }),
};

/** Untyped view of a decider, for code that routes any fact to its aggregate. */
export type AnyDecider = Decider<unknown, unknown, DomainEvent>;
export const deciderOf = (type: EventType): AnyDecider => deciders[factRoutes[type].aggregate] as unknown as AnyDecider;

/** The streamer whose state `decideFact` needs for this fact, given its own aggregate's state. */
export const streamerIdOf = (fact: DomainEvent, state: unknown): string | undefined =>
  factRoutes[fact.type].streamerId?.(fact.data as never, state as never);

/**
 * The region a fact belongs to, for a key's region limit: its own region code, a payment's
 * village, an agreement's region, else its streamer's region (a sale belongs to its streamer's
 * region, not the buyer's). Undefined when the aggregate it refers to is unknown.
 */
export function regionOf(fact: DomainEvent, state: unknown, streamer: StreamerState | undefined): string | undefined {
  const r = factRoutes[fact.type];
  if (r.region) return r.region(fact.data as never, state as never);
  return streamer?.profile?.regionCode;
}

/** Records a fact: turns it into its command and lets the aggregate's decider rule on it. */
export function decideFact(
  fact: DomainEvent,
  context: { state: unknown; streamer?: StreamerState | undefined; liveSaleGraceMs?: number | undefined } & CommandMetadata,
): DomainEvent[] {
  const r = factRoutes[fact.type];
  const command = { type: r.command, data: fact.data, now: context.now, streamer: context.streamer, liveSaleGraceMs: context.liveSaleGraceMs };
  return deciderOf(fact.type).decide(command, context.state);
}
