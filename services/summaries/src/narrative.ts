import { isNamedRegion, regionLevel, regionName, shanghaiStamp as stamp, yearPeriod, type YearPeriod } from '@redstream/schema';
import type { AnnualFigures } from './figures.ts';
import { change, count, money, PARTY_STATUS_LABEL, percent, yuan, type Lang } from './format.ts';

/**
 * The summary's text, written from templates in zh-CN and en. A section whose facts are absent
 * says so in words ("本年度未记录…") rather than printing zeros as if they were findings, and the
 * whole report says so when the year holds nothing at all.
 */
export interface SummaryDocument {
  lang: Lang;
  title: string;
  subtitle: string;
  /** The opening paragraph: the year at a glance. */
  lead: string;
  /** Set when the year holds no data in the scope: the only statement the report makes. */
  noData: string | undefined;
  sections: Section[];
  footer: string;
}

export interface Section {
  id: 'sales' | 'farm' | 'party' | 'training' | 'support' | 'stations';
  heading: string;
  paragraphs: string[];
  /** Ids of charts (charts.ts) shown in this section, only those with data. */
  charts: ChartId[];
  table?: { head: string[]; rows: string[][] } | undefined;
}

export type ChartId = 'monthly' | 'categories' | 'party-status' | 'carriers';

const LEVEL: Record<Lang, Record<string, string>> = {
  'zh-CN': { province: '省级', city: '市级', county: '县级', town: '乡镇级', village: '村级' },
  en: { province: 'province', city: 'city', county: 'county', town: 'town', village: 'village' },
};

export function scopeName(f: AnnualFigures, lang: Lang): string {
  const s = f.scope;
  // A region by its GB/T 2260 name (兰山区); a code the names do not cover (a town) stays a code with its level.
  if (s.kind === 'region' && isNamedRegion(s.regionCode!)) return lang === 'zh-CN' ? regionName(s.regionCode!) : `${regionName(s.regionCode!)} (${s.regionCode})`;
  if (lang === 'zh-CN') {
    if (s.kind === 'region') return `区划${s.regionCode}（${LEVEL[lang][regionLevel(s.regionCode!)]}）`;
    return s.name ?? s.key;
  }
  if (s.kind === 'region') return `region ${s.regionCode} (${LEVEL[lang][regionLevel(s.regionCode!)]})`;
  return s.name ?? s.key;
}

export function writeSummary(f: AnnualFigures, lang: Lang, generatedAt: Date): SummaryDocument {
  return lang === 'zh-CN' ? writeZh(f, generatedAt) : writeEn(f, generatedAt);
}

const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`;

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * How the text names the period: a year that has ended is "the year" and ends at "the year's end";
 * the running year is the year to date, through its last day, compared with the same days a year
 * before (the labels: "2026年以来" / "截至12月2日", "1 January to 2 December 2026 (year to date)").
 */
function periodWords(f: AnnualFigures, lang: Lang) {
  // Figures made without a period (hand-built ones in tests) are of a whole year.
  const period = (f.period as YearPeriod | undefined) ?? yearPeriod(f.year);
  const [, m, d] = period.lastDay.split('-').map(Number) as [number, number, number];
  const ytd = period.yearToDate === true;
  if (lang === 'zh-CN') {
    const through = `${m}月${d}日`;
    return {
      ytd,
      span: ytd ? `${f.year}年1月1日至${through}（年初至今，北京时间）` : `${f.year}年1月1日至12月31日（北京时间）`,
      inYear: ytd ? `${f.year}年以来` : `${f.year}年`,
      whole: ytd ? '年初至今' : '全年',
      atEnd: ytd ? `截至${through}` : '截至年底',
      end: ytd ? `截至${through}` : '年底',
      basis: ytd ? `同比为与上年同期（1月1日至${through}）相比` : '同比按公历年计算',
    };
  }
  const through = `${d} ${MONTHS_EN[m - 1]}`;
  return {
    ytd,
    span: ytd ? `1 January to ${through} ${f.year}, year to date (Asia/Shanghai)` : `1 January to 31 December ${f.year} (Asia/Shanghai)`,
    inYear: ytd ? `From 1 January to ${through} ${f.year}` : `In ${f.year}`,
    inYearLower: ytd ? `in ${f.year} to ${through}` : `in ${f.year}`,
    atEnd: ytd ? `on ${through}` : "at the year's end",
    byEnd: ytd ? `by ${through}` : "by the year's end",
    basis: ytd ? `year-on-year against the same days of ${f.year - 1} (1 January to ${through})` : 'year-on-year by calendar year',
  };
}

// ---- zh-CN ----------------------------------------------------------------------------------------

function writeZh(f: AnnualFigures, generatedAt: Date): SummaryDocument {
  const name = scopeName(f, 'zh-CN');
  const w = periodWords(f, 'zh-CN');
  const y = w.inYear;
  const base = {
    lang: 'zh-CN' as const,
    title: `${name}${f.year}年度直播经济工作总结`,
    subtitle: `统计范围：${name}；统计期间：${w.span}`,
    footer: `本总结由红流（redstream）数据平台根据事件记录自动生成，生成时间 ${stamp(generatedAt)}。金额以元计，精确到分；${w.basis}。`,
  };
  if (!f.hasData) {
    return { ...base, lead: '', noData: `${y}，${name}未记录任何直播销售、农户收入、党组织建设、培训、寄递降费、贷款、诉求或驿站数据，本年度无可总结的数据。`, sections: [] };
  }
  const s = f.sales;
  const c = s.current;
  const sections: Section[] = [];

  // Sales
  const salesParas: string[] = [];
  if (c.orders === 0 && c.gmv === 0n) {
    salesParas.push(`${y}未记录直播销售订单。`);
  } else {
    const yoyText = s.gmvYoY === null ? '上年无销售记录，无同比数据' : change(s.gmvYoY, 'zh-CN');
    salesParas.push(
      `${y}，直播电商实现交易额${money(c.gmv, 'zh-CN')}，${yoyText}；成交订单${count(c.orders)}单，退款${money(c.refunds, 'zh-CN')}，净销售额${money(c.netSales, 'zh-CN')}，笔均${yuan(c.averageOrderValue)}元；有成交的主播${count(c.streamers)}名。`,
    );
    const best = [...s.monthly].sort((a, b) => (b.gmv > a.gmv ? 1 : b.gmv < a.gmv ? -1 : 0))[0];
    if (best && best.gmv > 0n) salesParas.push(`从月度看，${Number(best.month.slice(5))}月交易额最高，达${money(best.gmv, 'zh-CN')}。`);
    const top = s.topStreamers[0];
    if (top) salesParas.push(`主播中，“${top.displayName}”交易额居首，为${money(top.gmv, 'zh-CN')}；交易额前${s.topStreamers.length}名主播合计${money(s.topStreamers.reduce((a, r) => a + r.gmv, 0n), 'zh-CN')}。`);
    const cat = s.topCategories[0];
    if (cat) salesParas.push(`品类中，${cat.category}交易额最高，为${money(cat.gmv, 'zh-CN')}，占${percent(Number(cat.gmv) / Number(c.gmv || 1n))}。`);
  }
  sections.push({
    id: 'sales',
    heading: '一、直播电商发展情况',
    paragraphs: salesParas,
    charts: c.orders > 0 ? ['monthly', ...(s.topCategories.length > 0 ? (['categories'] as const) : [])] : [],
    table:
      s.topStreamers.length > 0
        ? { head: ['排名', '主播', '交易额（元）', '订单数'], rows: s.topStreamers.map((r, i) => [String(i + 1), r.displayName, yuan(r.gmv), count(r.orders)]) }
        : undefined,
  });

  // Farm sales and farmer income
  const farmParas: string[] = [];
  if (s.farm.orders > 0) farmParas.push(`带动农产品销售${count(s.farm.orders)}单，交易额${money(s.farm.gmv, 'zh-CN')}，净销售额${money(s.farm.netSales, 'zh-CN')}。`);
  else farmParas.push(`${y}未记录带有产地村的农产品销售。`);
  if (f.farmerIncome === null) farmParas.push('农户收入按村统计，园区范围内不单独统计。');
  else if (f.farmerIncome.payments > 0) farmParas.push(`向${count(f.farmerIncome.households)}户农户支付收入${money(f.farmerIncome.income, 'zh-CN')}，共${count(f.farmerIncome.payments)}笔，户均${money(f.farmerIncome.income / BigInt(f.farmerIncome.households), 'zh-CN')}。`);
  else farmParas.push(`${y}未记录农户收入支付。`);
  sections.push({
    id: 'farm',
    heading: '二、助农增收情况',
    paragraphs: farmParas,
    charts: [],
    table:
      f.farmerIncome && f.farmerIncome.topVillages.length > 0
        ? { head: ['村（区划代码）', '农户收入（元）', '户数'], rows: f.farmerIncome.topVillages.map((v) => [v.villageCode, yuan(v.income), count(v.households)]) }
        : undefined,
  });

  // Party building
  const p = f.partyBuilding;
  const partyParas: string[] = [];
  const founded = [p.committeesFounded > 0 ? `行业党委${count(p.committeesFounded)}个` : '', p.branchesFounded > 0 ? `党支部${count(p.branchesFounded)}个` : ''].filter(Boolean);
  const standing = [p.committees > 0 ? `行业党委${count(p.committees)}个` : '', p.branches > 0 ? `党支部${count(p.branches)}个` : ''].filter(Boolean);
  partyParas.push(
    `${founded.length > 0 ? `${y}新成立${founded.join('、')}` : `${y}未新成立行业党委或党支部`}${standing.length > 0 ? `；${w.atEnd}，共有${standing.join('、')}` : `；${w.atEnd}尚无行业党组织记录`}。`,
  );
  const registered = p.streamersByPartyStatus.reduce((a, r) => a + r.streamers, 0);
  if (registered > 0) {
    const label = PARTY_STATUS_LABEL['zh-CN'];
    const parts = p.streamersByPartyStatus.filter((r) => r.streamers > 0).map((r) => `${label[r.status] ?? r.status}${count(r.streamers)}名`);
    partyParas.push(`${w.atEnd}登记主播${count(registered)}名，其中${parts.join('、')}；党员（含预备党员）${count(p.members)}名，递交入党申请书${count(p.applicants)}名。`);
    const memberSales = s.byPartyStatus.filter((r) => r.status === 'member' || r.status === 'probationary').reduce((a, r) => a + r.gmv, 0n);
    if (memberSales > 0n) partyParas.push(`党员主播${w.whole}实现交易额${money(memberSales, 'zh-CN')}，发挥了先锋模范作用。`);
  }
  sections.push({ id: 'party', heading: '三、党建引领情况', paragraphs: partyParas, charts: registered > 0 ? ['party-status'] : [] });

  // Training
  if (f.training) {
    const t = f.training;
    const paras: string[] = [];
    if (t.sessions + t.personTimes === 0) paras.push(`${y}未记录培训。`);
    else {
      paras.push(`${y}举办培训${count(t.sessions)}期，培训${count(t.personTimes)}人次、${count(t.trainees)}人，累计${t.hours}学时。`);
      const e = t.effect;
      if (e.streamers > 0 && e.change !== null)
        paras.push(`参训主播培训后${e.days}天交易额${money(e.gmvAfter, 'zh-CN')}，较培训前${e.days}天（${money(e.gmvBefore, 'zh-CN')}）${e.change >= 0 ? '增长' : '下降'}${percent(e.change)}。`);
      else if (e.streamers > 0) paras.push(`参训主播培训前${e.days}天无销售记录，培训后${e.days}天交易额${money(e.gmvAfter, 'zh-CN')}，无可比基数。`);
    }
    sections.push({ id: 'training', heading: '四、技能培训情况', paragraphs: paras, charts: [] });
  }

  // Support: parcels, loans, appeals
  const support: string[] = [];
  if (f.parcels) {
    support.push(
      f.parcels.parcels > 0
        ? `寄递降费：协商快递优惠协议${count(f.parcels.agreementsGranted)}份，按优惠价寄递包裹${count(f.parcels.parcels)}件，为主播节约寄递成本${money(f.parcels.savings, 'zh-CN')}。`
        : `${y}未记录按优惠协议寄递的包裹。`,
    );
  }
  if (f.loans) support.push(f.loans.loans > 0 ? `金融支持：发放贷款${count(f.loans.loans)}笔、${money(f.loans.amount, 'zh-CN')}，较基准利率节约利息${money(f.loans.interestSaved, 'zh-CN')}。` : `${y}未记录贷款发放。`);
  if (f.appeals) {
    const a = f.appeals;
    support.push(
      a.raised + a.resolved > 0
        ? `诉求直达：受理主播诉求${count(a.raised)}件，办结${count(a.resolved)}件${a.medianHoursToResolve === null ? '' : `，办结用时中位数${a.medianHoursToResolve.toFixed(1)}小时`}；${w.end}尚未办结${count(a.open)}件。`
        : `${y}未记录主播诉求。`,
    );
  }
  if (support.length > 0) sections.push({ id: 'support', heading: '五、服务保障情况', paragraphs: support, charts: f.parcels && f.parcels.byCarrier.length > 0 ? ['carriers'] : [] });
  else sections.push({ id: 'support', heading: '五、服务保障情况', paragraphs: ['寄递降费、贷款和诉求按区域统计，园区范围内不单独统计。'], charts: [] });

  sections.push({
    id: 'stations',
    heading: '六、暖新驿站建设情况',
    paragraphs: [f.warmStations.opened > 0 ? `${y}新建暖新驿站${count(f.warmStations.opened)}个，${w.atEnd}共${count(f.warmStations.stations)}个。` : `${y}未新建暖新驿站；${w.atEnd}共${count(f.warmStations.stations)}个。`],
    charts: [],
  });

  const lead =
    c.orders > 0
      ? `${y}，${name}坚持党建引领，推动直播经济健康发展，${w.whole}直播电商交易额${money(c.gmv, 'zh-CN')}（${s.gmvYoY === null ? '上年无销售记录，无同比数据' : change(s.gmvYoY, 'zh-CN')}）${f.farmerIncome && f.farmerIncome.payments > 0 ? `，带动${count(f.farmerIncome.households)}户农户增收${money(f.farmerIncome.income, 'zh-CN')}` : ''}${f.parcels && f.parcels.savings > 0n ? `，节约寄递成本${money(f.parcels.savings, 'zh-CN')}` : ''}。现将有关情况总结如下。`
      : `${y}，${name}未记录直播销售；其他工作情况总结如下。`;
  return { ...base, lead, noData: undefined, sections };
}

// ---- en -------------------------------------------------------------------------------------------

function writeEn(f: AnnualFigures, generatedAt: Date): SummaryDocument {
  const name = scopeName(f, 'en');
  const w = periodWords(f, 'en');
  const y = w.inYear;
  const base = {
    lang: 'en' as const,
    title: `Annual summary ${f.year}: ${name}`,
    subtitle: `Scope: ${name}; period: ${w.span}`,
    footer: `Generated automatically by redstream from the recorded events on ${stamp(generatedAt)}. Amounts in yuan, exact to the fen; ${w.basis}.`,
  };
  if (!f.hasData) {
    return { ...base, lead: '', noData: `No data was recorded for ${name} ${w.inYearLower}: no sales, farmer payments, Party organisations founded, training, parcels, loans, appeals or warm stations. There is nothing to summarise for this year.`, sections: [] };
  }
  const s = f.sales;
  const c = s.current;
  const yoyText = s.gmvYoY === null ? 'no comparison: no sales were recorded the year before' : change(s.gmvYoY, 'en');
  const sections: Section[] = [];

  const salesParas: string[] = [];
  if (c.orders === 0 && c.gmv === 0n) salesParas.push(`${y} no livestream orders were recorded.`);
  else {
    salesParas.push(
      `${y} livestream sales reached a GMV of ${money(c.gmv, 'en')} (${yoyText}) over ${count(c.orders)} orders; refunds came to ${money(c.refunds, 'en')}, net sales to ${money(c.netSales, 'en')}, and the average order to ${yuan(c.averageOrderValue)} yuan. ${count(c.streamers)} streamers made a sale.`,
    );
    const best = [...s.monthly].sort((a, b) => (b.gmv > a.gmv ? 1 : b.gmv < a.gmv ? -1 : 0))[0];
    if (best && best.gmv > 0n) salesParas.push(`The strongest month was ${best.month}, with ${money(best.gmv, 'en')}.`);
    const top = s.topStreamers[0];
    if (top) salesParas.push(`${top.displayName} led the streamers with ${money(top.gmv, 'en')}.`);
    const cat = s.topCategories[0];
    if (cat) salesParas.push(`The leading category was ${cat.category} with ${money(cat.gmv, 'en')} (${percent(Number(cat.gmv) / Number(c.gmv || 1n))} of GMV).`);
  }
  sections.push({
    id: 'sales',
    heading: '1. Livestream sales',
    paragraphs: salesParas,
    charts: c.orders > 0 ? ['monthly', ...(s.topCategories.length > 0 ? (['categories'] as const) : [])] : [],
    table: s.topStreamers.length > 0 ? { head: ['Rank', 'Streamer', 'GMV (yuan)', 'Orders'], rows: s.topStreamers.map((r, i) => [String(i + 1), r.displayName, yuan(r.gmv), count(r.orders)]) } : undefined,
  });

  const farm: string[] = [];
  farm.push(s.farm.orders > 0 ? `Farm products sold ${count(s.farm.orders)} orders worth ${money(s.farm.gmv, 'en')} (net ${money(s.farm.netSales, 'en')}).` : `No farm-product sales with an origin village were recorded.`);
  if (f.farmerIncome === null) farm.push('Farmer income is recorded by village and is not reported for a park.');
  else if (f.farmerIncome.payments > 0) farm.push(`${count(f.farmerIncome.households)} farming households were paid ${money(f.farmerIncome.income, 'en')} in ${count(f.farmerIncome.payments)} payments.`);
  else farm.push('No payments to farming households were recorded.');
  sections.push({
    id: 'farm',
    heading: '2. Farm sales and farmer income',
    paragraphs: farm,
    charts: [],
    table: f.farmerIncome && f.farmerIncome.topVillages.length > 0 ? { head: ['Village (code)', 'Income (yuan)', 'Households'], rows: f.farmerIncome.topVillages.map((v) => [v.villageCode, yuan(v.income), count(v.households)]) } : undefined,
  });

  const p = f.partyBuilding;
  const foundedEn = [p.committeesFounded > 0 ? `${count(p.committeesFounded)} industry Party committee${p.committeesFounded > 1 ? 's' : ''}` : '', p.branchesFounded > 0 ? `${count(p.branchesFounded)} Party branch${p.branchesFounded > 1 ? 'es' : ''}` : ''].filter(Boolean);
  const party: string[] = [
    `${foundedEn.length > 0 ? `${y} ${foundedEn.join(' and ')} ${foundedEn.length > 1 || p.committeesFounded + p.branchesFounded > 1 ? 'were' : 'was'} founded` : `No Party committee or branch was founded ${w.inYearLower}`}; ${w.atEnd} there were ${plural(p.committees, 'committee')} and ${plural(p.branches, 'branch', 'branches')}.`,
  ];
  const registered = p.streamersByPartyStatus.reduce((a, r) => a + r.streamers, 0);
  if (registered > 0) {
    const label = PARTY_STATUS_LABEL.en;
    party.push(`Streamers registered ${w.byEnd}, ${count(registered)} in all, by party status: ${p.streamersByPartyStatus.filter((r) => r.streamers > 0).map((r) => `${label[r.status] ?? r.status} ${count(r.streamers)}`).join(', ')}.`);
  }
  sections.push({ id: 'party', heading: '3. Party building', paragraphs: party, charts: registered > 0 ? ['party-status'] : [] });

  if (f.training) {
    const t = f.training;
    const paras: string[] = [];
    if (t.sessions + t.personTimes === 0) paras.push('No training was recorded.');
    else {
      paras.push(`${count(t.sessions)} training sessions were held; ${count(t.trainees)} people completed training ${count(t.personTimes)} times, ${t.hours} hours in all.`);
      const e = t.effect;
      if (e.streamers > 0 && e.change !== null) paras.push(`Trained streamers sold ${money(e.gmvAfter, 'en')} in the ${e.days} days from their training against ${money(e.gmvBefore, 'en')} in the ${e.days} days before (${e.change >= 0 ? 'up' : 'down'} ${percent(e.change)}).`);
      else if (e.streamers > 0) paras.push(`Trained streamers had no sales in the ${e.days} days before training, so there is no comparison; they sold ${money(e.gmvAfter, 'en')} in the ${e.days} days after.`);
    }
    sections.push({ id: 'training', heading: '4. Training', paragraphs: paras, charts: [] });
  }

  const support: string[] = [];
  if (f.parcels) support.push(f.parcels.parcels > 0 ? `Parcel discounts: ${count(f.parcels.parcels)} parcels shipped under ${count(f.parcels.agreementsGranted)} new agreements and earlier ones saved streamers ${money(f.parcels.savings, 'en')}.` : 'No parcels were shipped under discount agreements.');
  if (f.loans) support.push(f.loans.loans > 0 ? `Loans: ${count(f.loans.loans)} loans of ${money(f.loans.amount, 'en')} in all, saving ${money(f.loans.interestSaved, 'en')} of interest against the benchmark rate.` : 'No loans were recorded.');
  if (f.appeals) {
    const a = f.appeals;
    support.push(a.raised + a.resolved > 0 ? `Appeals: ${count(a.raised)} raised, ${count(a.resolved)} resolved${a.medianHoursToResolve === null ? '' : ` (median ${a.medianHoursToResolve.toFixed(1)} hours)`}, ${count(a.open)} open ${w.atEnd}.` : 'No appeals were recorded.');
  }
  sections.push({
    id: 'support',
    heading: '5. Services and support',
    paragraphs: support.length > 0 ? support : ['Parcel discounts, loans and appeals are recorded by region and are not reported for a park.'],
    charts: f.parcels && f.parcels.byCarrier.length > 0 ? ['carriers'] : [],
  });
  sections.push({
    id: 'stations',
    heading: '6. Warm stations',
    paragraphs: [`${count(f.warmStations.opened)} warm stations opened ${w.inYearLower}; ${count(f.warmStations.stations)} were open ${w.atEnd}.`],
    charts: [],
  });

  const lead = c.orders > 0 ? `${y} ${name} recorded a livestream GMV of ${money(c.gmv, 'en')} (${yoyText}).` : `${y} ${name} recorded no livestream sales; its other work is summarised below.`;
  return { ...base, lead, noData: undefined, sections };
}
