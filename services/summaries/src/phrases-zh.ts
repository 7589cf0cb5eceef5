import { shanghaiStamp as stamp } from '@redstream/schema';
import { change, count, money, PARTY_STATUS_LABEL, percent, yuan } from './format.ts';
import type { PhraseContext, Phrasebook } from './phrasebook.ts';

/**
 * How the text names the period: a year that has ended is "the year" and ends at "the year's end";
 * the running year is the year to date, through its last day ("2026年以来" / "截至12月2日").
 */
function words({ year, period }: PhraseContext) {
  const [, m, d] = period.lastDay.split('-').map(Number) as [number, number, number];
  const ytd = period.yearToDate === true;
  const through = `${m}月${d}日`;
  return {
    span: ytd ? `${year}年1月1日至${through}（年初至今，北京时间）` : `${year}年1月1日至12月31日（北京时间）`,
    inYear: ytd ? `${year}年以来` : `${year}年`,
    whole: ytd ? '年初至今' : '全年',
    atEnd: ytd ? `截至${through}` : '截至年底',
    end: ytd ? `截至${through}` : '年底',
    basis: ytd ? `同比为与上年同期（1月1日至${through}）相比` : '同比按公历年计算',
  };
}

const yoy = (ratio: number | null) => (ratio === null ? '上年无销售记录，无同比数据' : change(ratio, 'zh-CN'));
const m = (fen: bigint) => money(fen, 'zh-CN');

export const ZH: Phrasebook = {
  lang: 'zh-CN',
  title: (c) => `${c.name}${c.year}年度直播经济工作总结`,
  subtitle: (c) => `统计范围：${c.name}；统计期间：${words(c).span}`,
  footer: (c, generatedAt) => `本总结由红流（redstream）数据平台根据事件记录自动生成，生成时间 ${stamp(generatedAt)}。金额以元计，精确到分；${words(c).basis}。`,
  headings: { sales: '一、直播电商发展情况', farm: '二、助农增收情况', party: '三、党建引领情况', training: '四、技能培训情况', support: '五、服务保障情况', stations: '六、暖新驿站建设情况' },
  tableHeads: { 'top-streamers': ['排名', '主播', '交易额（元）', '订单数'], 'top-villages': ['村（区划代码）', '农户收入（元）', '户数'] },
  appendix: { heading: '附录：口径说明', head: ['指标', '计算口径', '来源事件', '单位', '版本'], name: (d) => d.nameZh },
  say: {
    'no-data': (_s, c) => `${words(c).inYear}，${c.name}未记录任何直播销售、农户收入、党组织建设、培训、寄递降费、贷款、诉求或驿站数据，本年度无可总结的数据。`,
    lead: (s, c) =>
      `${words(c).inYear}，${c.name}坚持党建引领，推动直播经济健康发展，${words(c).whole}直播电商交易额${m(s.gmv)}（${yoy(s.gmvYoY)}）${s.farmer ? `，带动${count(s.farmer.households)}户农户增收${m(s.farmer.income)}` : ''}${s.parcelSavings !== null ? `，节约寄递成本${m(s.parcelSavings)}` : ''}。现将有关情况总结如下。`,
    'lead-no-sales': (_s, c) => `${words(c).inYear}，${c.name}未记录直播销售；其他工作情况总结如下。`,
    'sales-none': (_s, c) => `${words(c).inYear}未记录直播销售订单。`,
    sales: (s, c) =>
      `${words(c).inYear}，直播电商实现交易额${m(s.gmv)}，${yoy(s.gmvYoY)}；成交订单${count(s.orders)}单，退款${m(s.refunds)}，净销售额${m(s.netSales)}，笔均${yuan(s.averageOrderValue)}元；有成交的主播${count(s.streamers)}名。`,
    'best-month': (s) => `从月度看，${Number(s.month.slice(5))}月交易额最高，达${m(s.gmv)}。`,
    'top-streamer': (s) => `主播中，“${s.displayName}”交易额居首，为${m(s.gmv)}；交易额前${s.ranked}名主播合计${m(s.rankedGmv)}。`,
    'top-category': (s) => `品类中，${s.category}交易额最高，为${m(s.gmv)}，占${percent(s.share)}。`,
    'farm-sales': (s) => `带动农产品销售${count(s.orders)}单，交易额${m(s.gmv)}，净销售额${m(s.netSales)}。`,
    'farm-sales-none': (_s, c) => `${words(c).inYear}未记录带有产地村的农产品销售。`,
    'farmer-income': (s) => `向${count(s.households)}户农户支付收入${m(s.income)}，共${count(s.payments)}笔，户均${m(s.perHousehold)}。`,
    'farmer-income-none': (_s, c) => `${words(c).inYear}未记录农户收入支付。`,
    'farmer-income-not-by-park': () => '农户收入按村统计，园区范围内不单独统计。',
    'party-organisations': (s, c) => {
      const w = words(c);
      const founded = [s.committeesFounded > 0 ? `行业党委${count(s.committeesFounded)}个` : '', s.branchesFounded > 0 ? `党支部${count(s.branchesFounded)}个` : ''].filter(Boolean);
      const standing = [s.committees > 0 ? `行业党委${count(s.committees)}个` : '', s.branches > 0 ? `党支部${count(s.branches)}个` : ''].filter(Boolean);
      return `${founded.length > 0 ? `${w.inYear}新成立${founded.join('、')}` : `${w.inYear}未新成立行业党委或党支部`}${standing.length > 0 ? `；${w.atEnd}，共有${standing.join('、')}` : `；${w.atEnd}尚无行业党组织记录`}。`;
    },
    'party-streamers': (s, c) => {
      const label = PARTY_STATUS_LABEL['zh-CN'];
      return `${words(c).atEnd}登记主播${count(s.registered)}名，其中${s.byStatus.map((r) => `${label[r.status] ?? r.status}${count(r.streamers)}名`).join('、')}；党员（含预备党员）${count(s.members)}名，递交入党申请书${count(s.applicants)}名。`;
    },
    'party-member-sales': (s, c) => `党员主播${words(c).whole}实现交易额${m(s.gmv)}，发挥了先锋模范作用。`,
    training: (s, c) => `${words(c).inYear}举办培训${count(s.sessions)}期，培训${count(s.personTimes)}人次、${count(s.trainees)}人，累计${s.hours}学时。`,
    'training-none': (_s, c) => `${words(c).inYear}未记录培训。`,
    'training-effect': (s) => `参训主播培训后${s.days}天交易额${m(s.gmvAfter)}，较培训前${s.days}天（${m(s.gmvBefore)}）${s.change >= 0 ? '增长' : '下降'}${percent(s.change)}。`,
    'training-effect-no-base': (s) => `参训主播培训前${s.days}天无销售记录，培训后${s.days}天交易额${m(s.gmvAfter)}，无可比基数。`,
    parcels: (s) => `寄递降费：协商快递优惠协议${count(s.agreementsGranted)}份，按优惠价寄递包裹${count(s.parcels)}件，为主播节约寄递成本${m(s.savings)}。`,
    'parcels-none': (_s, c) => `${words(c).inYear}未记录按优惠协议寄递的包裹。`,
    loans: (s) => `金融支持：发放贷款${count(s.loans)}笔、${m(s.amount)}，较基准利率节约利息${m(s.interestSaved)}。`,
    'loans-none': (_s, c) => `${words(c).inYear}未记录贷款发放。`,
    appeals: (s, c) =>
      `诉求直达：受理主播诉求${count(s.raised)}件，办结${count(s.resolved)}件${s.medianHoursToResolve === null ? '' : `，办结用时中位数${s.medianHoursToResolve.toFixed(1)}小时`}；${words(c).end}尚未办结${count(s.open)}件。`,
    'appeals-none': (_s, c) => `${words(c).inYear}未记录主播诉求。`,
    'support-not-by-park': () => '寄递降费、贷款和诉求按区域统计，园区范围内不单独统计。',
    stations: (s, c) => {
      const w = words(c);
      return s.opened > 0 ? `${w.inYear}新建暖新驿站${count(s.opened)}个，${w.atEnd}共${count(s.stations)}个。` : `${w.inYear}未新建暖新驿站；${w.atEnd}共${count(s.stations)}个。`;
    },
  },
};
