import { shanghaiStamp as stamp } from '@redstream/schema';
import { change, count, money, PARTY_STATUS_LABEL, percent, yuan } from './format.ts';
import type { PhraseContext, Phrasebook } from './phrasebook.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * How the text names the period: a year that has ended is "the year"; the running year is the year
 * to date, through its last day ("1 January to 2 December 2026 (year to date)").
 */
function words({ year, period }: PhraseContext) {
  const [, m, d] = period.lastDay.split('-').map(Number) as [number, number, number];
  const ytd = period.yearToDate === true;
  const through = `${d} ${MONTHS[m - 1]}`;
  return {
    span: ytd ? `1 January to ${through} ${year}, year to date (Asia/Shanghai)` : `1 January to 31 December ${year} (Asia/Shanghai)`,
    inYear: ytd ? `From 1 January to ${through} ${year}` : `In ${year}`,
    inYearLower: ytd ? `in ${year} to ${through}` : `in ${year}`,
    atEnd: ytd ? `on ${through}` : "at the year's end",
    byEnd: ytd ? `by ${through}` : "by the year's end",
    basis: ytd ? `year-on-year against the same days of ${year - 1} (1 January to ${through})` : 'year-on-year by calendar year',
  };
}

const yoy = (ratio: number | null) => (ratio === null ? 'no comparison: no sales were recorded the year before' : change(ratio, 'en'));
const m = (fen: bigint) => money(fen, 'en');
const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`;
const list = (items: string[]): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

export const EN: Phrasebook = {
  lang: 'en',
  title: (c) => `Annual summary ${c.year}: ${c.name}`,
  subtitle: (c) => `Scope: ${c.name}; period: ${words(c).span}`,
  footer: (c, generatedAt) => `Generated automatically by redstream from the recorded events on ${stamp(generatedAt)}. Amounts in yuan, exact to the fen; ${words(c).basis}.`,
  headings: { sales: '1. Livestream sales', farm: '2. Farm sales and farmer income', party: '3. Party building', training: '4. Training', support: '5. Services and support', stations: '6. Warm stations' },
  tableHeads: { 'top-streamers': ['Rank', 'Streamer', 'GMV (yuan)', 'Orders'], 'top-villages': ['Village (code)', 'Income (yuan)', 'Households'] },
  appendix: { heading: 'Appendix: definitions (口径)', head: ['Metric', 'Definition', 'Source events', 'Unit', 'Version'], name: (d) => d.nameEn },
  say: {
    'no-data': (_s, c) =>
      `No data was recorded for ${c.name} ${words(c).inYearLower}: no sales, farmer payments, Party organisations founded, training, parcels, loans, appeals or warm stations. There is nothing to summarise for this year.`,
    lead: (s, c) =>
      `${words(c).inYear} ${c.name} recorded a livestream GMV of ${m(s.gmv)} (${yoy(s.gmvYoY)})${s.farmer || s.parcelSavings !== null ? `, ${list([...(s.farmer ? [`brought ${plural(s.farmer.households, 'farming household')} ${m(s.farmer.income)} of income`] : []), ...(s.parcelSavings !== null ? [`saved ${m(s.parcelSavings)} in parcel fees`] : [])])}` : ''}.`,
    'lead-no-sales': (_s, c) => `${words(c).inYear} ${c.name} recorded no livestream sales; its other work is summarised below.`,
    'sales-none': (_s, c) => `${words(c).inYear} no livestream orders were recorded.`,
    sales: (s, c) =>
      `${words(c).inYear} livestream sales reached a GMV of ${m(s.gmv)} (${yoy(s.gmvYoY)}) over ${count(s.orders)} orders; refunds came to ${m(s.refunds)}, net sales to ${m(s.netSales)}, and the average order to ${yuan(s.averageOrderValue)} yuan. ${count(s.streamers)} streamers made a sale.`,
    'best-month': (s) => `The strongest month was ${s.month}, with ${m(s.gmv)}.`,
    'top-streamer': (s) => `${s.displayName} led the streamers with ${m(s.gmv)}; the top ${count(s.ranked)} sold ${m(s.rankedGmv)} together.`,
    'top-category': (s) => `The leading category was ${s.category} with ${m(s.gmv)} (${percent(s.share)} of GMV).`,
    'farm-sales': (s) => `Farm products sold ${count(s.orders)} orders worth ${m(s.gmv)} (net ${m(s.netSales)}).`,
    'farm-sales-none': () => 'No farm-product sales with an origin village were recorded.',
    'farmer-income': (s) => `${plural(s.households, 'farming household')} ${s.households === 1 ? 'was' : 'were'} paid ${m(s.income)} in ${plural(s.payments, 'payment')}, ${m(s.perHousehold)} per household.`,
    'farmer-income-none': () => 'No payments to farming households were recorded.',
    'farmer-income-not-by-park': () => 'Farmer income is recorded by village and is not reported for a park.',
    'party-organisations': (s, c) => {
      const w = words(c);
      const founded = [s.committeesFounded > 0 ? `${count(s.committeesFounded)} industry Party committee${s.committeesFounded > 1 ? 's' : ''}` : '', s.branchesFounded > 0 ? `${count(s.branchesFounded)} Party branch${s.branchesFounded > 1 ? 'es' : ''}` : ''].filter(Boolean);
      return `${founded.length > 0 ? `${w.inYear} ${founded.join(' and ')} ${founded.length > 1 || s.committeesFounded + s.branchesFounded > 1 ? 'were' : 'was'} founded` : `No Party committee or branch was founded ${w.inYearLower}`}; ${w.atEnd} there were ${plural(s.committees, 'committee')} and ${plural(s.branches, 'branch', 'branches')}.`;
    },
    'party-streamers': (s, c) => {
      const label = PARTY_STATUS_LABEL.en;
      return `Streamers registered ${words(c).byEnd}, ${count(s.registered)} in all, by party status: ${s.byStatus.map((r) => `${label[r.status] ?? r.status} ${count(r.streamers)}`).join(', ')}; ${count(s.members)} Party members (probationary included) and ${count(s.applicants)} who had applied to join.`;
    },
    'party-member-sales': (s, c) => `Streamers who are Party members sold ${m(s.gmv)} ${words(c).inYearLower}, setting the example.`,
    training: (s) => `${plural(s.sessions, 'training session')} ${s.sessions === 1 ? 'was' : 'were'} held; ${count(s.trainees)} people completed training ${count(s.personTimes)} times, ${s.hours} hours in all.`,
    'training-none': () => 'No training was recorded.',
    'training-effect': (s) => `Trained streamers sold ${m(s.gmvAfter)} in the ${s.days} days from their training against ${m(s.gmvBefore)} in the ${s.days} days before (${s.change >= 0 ? 'up' : 'down'} ${percent(s.change)}).`,
    'training-effect-no-base': (s) => `Trained streamers had no sales in the ${s.days} days before training, so there is no comparison; they sold ${m(s.gmvAfter)} in the ${s.days} days after.`,
    parcels: (s) => `Parcel discounts: ${count(s.parcels)} parcels shipped under ${count(s.agreementsGranted)} new agreements and earlier ones saved streamers ${m(s.savings)}.`,
    'parcels-none': () => 'No parcels were shipped under discount agreements.',
    loans: (s) => `Loans: ${plural(s.loans, 'loan')} of ${m(s.amount)} in all, saving ${m(s.interestSaved)} of interest against the benchmark rate.`,
    'loans-none': () => 'No loans were recorded.',
    appeals: (s, c) => `Appeals: ${count(s.raised)} raised, ${count(s.resolved)} resolved${s.medianHoursToResolve === null ? '' : ` (median ${s.medianHoursToResolve.toFixed(1)} hours)`}, ${count(s.open)} open ${words(c).atEnd}.`,
    'appeals-none': () => 'No appeals were recorded.',
    'support-not-by-park': () => 'Parcel discounts, loans and appeals are recorded by region and are not reported for a park.',
    stations: (s, c) => `${count(s.opened)} warm stations opened ${words(c).inYearLower}; ${count(s.stations)} were open ${words(c).atEnd}.`,
  },
};
