import type { Row } from '../read-models/read-model.ts';

/**
 * A sale or a refund as a batch wrote it to the read models (sales_raw, refunds_raw): what a live
 * screen's sales figures are summed from, announced with the commit so a screen beside the
 * projector can add it to the figures it shows without asking ClickHouse again.
 */
export interface CommittedFact {
  kind: 'sale' | 'refund';
  position: bigint;
  /** Epoch ms: a refund counts when it happens, like in the queries. */
  occurredAt: number;
  amountFen: bigint;
  streamerId: string;
  /** The streamer's region (a refund carries its order's), as stored. */
  regionCode: string;
  parkId: string;
}

const fact = (kind: CommittedFact['kind'], row: Row): CommittedFact => ({
  kind,
  position: BigInt(row.position as string),
  occurredAt: Date.parse(row.occurred_at as string),
  amountFen: BigInt(row.amount_fen as number | string | bigint),
  streamerId: row.streamer_id as string,
  regionCode: row.region_code as string,
  parkId: row.park_id as string,
});

/** The sales and refunds among a batch's rows (sums do not depend on their order). */
export const committedFacts = (rows: ReadonlyMap<string, readonly Row[]>): CommittedFact[] => [
  ...(rows.get('sales_raw') ?? []).map((r) => fact('sale', r)),
  ...(rows.get('refunds_raw') ?? []).map((r) => fact('refund', r)),
];
