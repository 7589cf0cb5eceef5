import { z } from 'zod';
import { Count, EntityId, Fen, IsoDate, IsoDateTime, RegionCode, Text } from '../primitives.ts';

/** Support given to streamers: training, parcel-fee discounts, loans, awards, appeals. */

export const TrainingSessionHeld = z.strictObject({
  sessionId: EntityId,
  title: Text(),
  organizerId: EntityId,
  regionCode: RegionCode,
  startsOn: IsoDate,
  endsOn: IsoDate,
});

export const StreamerTrained = z.strictObject({
  streamerId: EntityId,
  sessionId: EntityId,
  hours: z.number().positive('must be positive').max(1000, 'must be at most 1000'),
  completedOn: IsoDate,
});

export const ParcelDiscountGranted = z.strictObject({
  agreementId: EntityId,
  carrier: Text(100),
  regionCode: RegionCode,
  standardFeeFen: Fen,
  discountedFeeFen: Fen,
  validFrom: IsoDate,
  validTo: IsoDate,
  parkId: EntityId.optional(),
  negotiatedBy: EntityId.optional(),
});

export const ParcelsShipped = z.strictObject({
  agreementId: EntityId,
  shippedOn: IsoDate,
  parcels: Count,
  streamerId: EntityId.optional(),
});

/** Rates are annual, in basis points (385 = 3.85 %), so they stay exact integers like money. */
export const LoanGranted = z.strictObject({
  loanId: EntityId,
  streamerId: EntityId,
  lender: Text(100),
  amountFen: Fen,
  rateBp: z.int().nonnegative().max(10000),
  benchmarkRateBp: z.int().nonnegative().max(10000),
  termMonths: z.int().positive().max(600),
  grantedOn: IsoDate,
});

export const AwardGranted = z.strictObject({
  awardId: EntityId,
  streamerId: EntityId,
  title: Text(),
  grantedBy: EntityId.optional(),
  awardedOn: IsoDate,
});

export const AppealRaised = z.strictObject({
  appealId: EntityId,
  streamerId: EntityId,
  topic: z.enum(['logistics', 'finance', 'platform', 'training', 'venue', 'other']),
  summary: Text(500),
  raisedAt: IsoDateTime,
});

export const AppealResolved = z.strictObject({
  appealId: EntityId,
  resolution: Text(500),
  resolvedAt: IsoDateTime,
});
