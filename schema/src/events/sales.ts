import { z } from 'zod';
import { Count, EntityId, Fen, IsoDate, IsoDateTime, RegionCode, Text } from '../primitives.ts';

/**
 * A pseudonymous buyer reference: 16–128 characters of letters, digits, `_` and `-` (hex or
 * base64url), with at least one letter. A string of digits is refused, whatever its length: it is
 * what a phone number, an ID card number or a raw platform user id looks like, not a salted hash.
 */
export const BuyerRef = z
  .string()
  .min(16, 'must be at least 16 characters (a salted hash, not a raw id)')
  .max(128, 'must be at most 128 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'may contain only letters, digits, _ and - (a salted hash in hex or base64url)')
  .refine((ref) => /[A-Za-z]/.test(ref), 'looks like a phone or id number; send a salted hash of the buyer, never the number itself');

/** Sales and income: orders sold live, their refunds, and income paid to farming households. */

/**
 * How long after a live session ends a sale may still name it (a payment completed after the
 * stream went off air), unless the deployment sets REDSTREAM_LIVE_SALE_GRACE_MINUTES. Defined here,
 * beside `liveSessionId`, so the rule's default and the setting's default are one number.
 */
export const DEFAULT_LIVE_SALE_GRACE_MINUTES = 30;

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
  /**
   * Who bought, pseudonymously, so buyers can be counted (distinct per session, streamer …): the
   * sender's salted hash of its own buyer id (e.g. hex SHA-256 of salt + platform user id). Never a
   * phone number, a name or a raw platform id; the salt stays with the sender, so redstream cannot
   * tell who a buyer is, only that two orders had the same one.
   */
  buyerRef: BuyerRef.optional(),
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
  /** What was paid for, when the payment is for produce: with a reference price it gives the premium. */
  quantity: z.number({ error: 'must be a number' }).positive('must be positive').max(1e9, 'must be at most 1e9').optional(),
  unit: Text(20).optional(),
  product: Text(200).optional(),
});
