import type { QueryContext } from './access.ts';
import { aggFor, figures, resolveSalesFilter, salesRows, sellingStreamers, SUMS, type FigureRow, type ResolvedSalesFilter, type SalesFigures, type SalesFilter, type SalesOptions } from './sales-rows.ts';
import { sql } from './sql.ts';

/** A sales summary: orders, GMV, refunds, net sales, average order value and selling streamers of a filter. */
export async function salesSummary(ctx: QueryContext, filter: SalesFilter | null | undefined, options: SalesOptions = {}): Promise<SalesFigures> {
  const f = resolveSalesFilter(ctx, filter, options);
  return salesSummaryResolved(ctx, f);
}

export async function salesSummaryResolved(ctx: QueryContext, f: ResolvedSalesFilter): Promise<SalesFigures> {
  if (!f.streamers || f.streamerId !== undefined) {
    // One streamer (a handful of rows at streamer grain) or no distinct count: one query.
    const rows = await ctx.reader.rows<FigureRow>('sales.summary', sql`SELECT ${aggFor(f)} FROM (${salesRows(f, { streamer: f.streamers })})`);
    return figures(rows[0]);
  }
  // Sums from the streamer-less rollups, distinct streamers from the streamer grain: two
  // single-row subqueries side by side in one round trip.
  const rows = await ctx.reader.rows<FigureRow>(
    'sales.summary',
    sql`SELECT sums.orders AS orders, sums.gmv AS gmv, sums.refunds AS refunds, cnt.streamers AS streamers
        FROM (SELECT ${SUMS} FROM (${salesRows(f, {})})) AS sums
        CROSS JOIN (SELECT toString(uniqExact(streamer_id)) AS streamers FROM (${sellingStreamers(f)})) AS cnt`,
  );
  return figures(rows[0]);
}
