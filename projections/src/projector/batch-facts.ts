import type { Row } from '../read-models/read-model.ts';

/**
 * A sale or a refund as a batch maps it for the read models (sales_raw, refunds_raw): what a live
 * screen's sales figures are summed from, announced as soon as the batch is mapped so a screen
 * beside the projector can add it to the figures it shows without waiting for ClickHouse.
 */
export interface BatchFact {
  kind: 'sale' | 'refund';
  position: bigint;
  /** Epoch ms: a refund counts when it happens, like in the queries. */
  occurredAt: number;
  amountFen: bigint;
  streamerId: string;
  /** The streamer's name as the batch leaves it (null for a refund): a push can rank a streamer new to the day by name. */
  displayName: string | null;
  /** The streamer's region (a refund carries its order's), as stored. */
  regionCode: string;
  parkId: string;
}

const fact = (kind: BatchFact['kind'], row: Row, displayName: string | null): BatchFact => ({
  kind,
  displayName,
  position: BigInt(row.position as string),
  occurredAt: Date.parse(row.occurred_at as string),
  amountFen: BigInt(row.amount_fen as number | string | bigint),
  streamerId: row.streamer_id as string,
  regionCode: row.region_code as string,
  parkId: row.park_id as string,
});

/** The sales and refunds among a batch's rows (sums do not depend on their order), a sale with its streamer's name. */
export const batchFacts = (rows: ReadonlyMap<string, readonly Row[]>, nameOf: (streamerId: string) => string | undefined): BatchFact[] => [
  ...(rows.get('sales_raw') ?? []).map((r) => fact('sale', r, nameOf(r.streamer_id as string) ?? null)),
  ...(rows.get('refunds_raw') ?? []).map((r) => fact('refund', r, null)),
];
