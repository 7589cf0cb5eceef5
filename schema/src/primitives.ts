import { z } from 'zod';

/**
 * Wire primitives shared by every fact. They are strict on purpose: a fact is stored forever,
 * so anything ambiguous (a time without offset, a fractional fen) is refused at the door.
 */

/** GB/T 2260 code: 6 digits (province/city/county), 9 (town) or 12 (village). */
export const RegionCode = z
  .string()
  .regex(/^(\d{6}|\d{9}|\d{12})$/, 'must be a GB/T 2260 region code of 6, 9 or 12 digits')
  .refine((code) => !code.startsWith('00'), 'must not start with 00 (no such province)');

/** Calendar date `YYYY-MM-DD` (a real date: 2025-02-30 is refused). */
export const IsoDate = z.iso.date({ error: 'must be a date YYYY-MM-DD' });

/** ISO 8601 date-time with an explicit offset (`Z` or `+08:00`). */
export const IsoDateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with offset' });

/** Money in integer fen (分): non-negative and exactly representable. */
export const Fen = z.int({ error: 'must be an integer amount in fen' }).nonnegative('must not be negative');

/** A non-negative count (parcels, followers, quantity). */
export const Count = z.int({ error: 'must be an integer' }).nonnegative('must not be negative');

/**
 * Identifiers of parks, streamers, orders …: opaque strings chosen by the sending system.
 * They become part of stream names, so they are kept to a safe alphabet.
 */
export const EntityId = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[A-Za-z0-9_.:-]+$/, 'may contain only letters, digits and _ . : -');

/** Human text (names, titles): trimmed length limits keep hostile payloads small. */
export const Text = (max = 200) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const Platform = z.enum(['douyin', 'kuaishou', 'taobao', 'wechat_channels', 'other']);
export const PartyStatus = z.enum(['none', 'applicant', 'activist', 'probationary', 'member']);

/** Party status only moves forward along this order. */
export const PARTY_STATUS_ORDER = PartyStatus.options;

export type RegionCode = z.infer<typeof RegionCode>;
export type Platform = z.infer<typeof Platform>;
export type PartyStatus = z.infer<typeof PartyStatus>;
