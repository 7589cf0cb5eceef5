import { z } from 'zod';
import { Count, EntityId, Fen, IsoDate, IsoDateTime, RegionCode, Text } from '../primitives.ts';

/** Sales and income: orders sold live, their refunds, and income paid to farming households. */

export const SaleRecorded = z.strictObject({
  orderId: EntityId,
  streamerId: EntityId,
  occurredAt: IsoDateTime,
  product: Text(200),
  category: Text(50),
  quantity: Count.min(1, 'must be at least 1'),
  amountFen: Fen,
  buyerRegionCode: RegionCode.optional(),
  originVillageCode: RegionCode.optional(),
  cooperativeId: EntityId.optional(),
  liveSessionId: EntityId.optional(),
});

export const SaleRefunded = z.strictObject({
  orderId: EntityId,
  amountFen: Fen.min(1, 'must be at least 1 fen'),
  occurredAt: IsoDateTime,
});

export const FarmerPaid = z.strictObject({
  paymentId: EntityId,
  householdId: EntityId,
  villageCode: RegionCode,
  amountFen: Fen,
  paidOn: IsoDate,
  cooperativeId: EntityId.optional(),
});
