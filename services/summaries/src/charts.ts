import * as echarts from 'echarts';
import { CJK_FONT_STACK } from '@redstream/service-kit';
import type { AnnualFigures } from './figures.ts';
import { PARTY_STATUS_LABEL, type Lang } from './format.ts';
import type { ChartId } from './narrative.ts';

/**
 * The summary's charts, rendered on the server by ECharts to SVG strings (no browser, no canvas),
 * so the HTML carries them inline and the PDF prints them as vectors.
 */
export const CHART_SIZE = { width: 720, height: 320 } as const;

const RED = ['#c23531', '#d48265', '#e6a23c', '#91c7ae', '#749f83', '#ca8622', '#bda29a', '#6e7074'];

const toYuan = (fen: bigint): number => Number(fen) / 100;

function render(option: echarts.EChartsOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_SIZE.width, height: CHART_SIZE.height });
  try {
    chart.setOption({ animation: false, color: RED, textStyle: { fontFamily: CJK_FONT_STACK }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const T: Record<Lang, Record<string, string>> = {
  'zh-CN': { monthly: '月度交易额（元）', thisYear: '本年', lastYear: '上年', categories: '品类交易额前十（元）', party: '主播政治面貌（年底）', carriers: '各快递企业节约寄递成本（元）' },
  en: { monthly: 'GMV by month (yuan)', thisYear: 'this year', lastYear: 'year before', categories: 'Top categories by GMV (yuan)', party: 'Streamers by party status (year end)', carriers: 'Parcel savings by carrier (yuan)' },
};

export function renderChart(id: ChartId, f: AnnualFigures, lang: Lang): string {
  const t = T[lang];
  switch (id) {
    case 'monthly': {
      const months = f.sales.monthly.map((m) => (lang === 'zh-CN' ? `${Number(m.month.slice(5))}月` : m.month.slice(5)));
      const series: echarts.SeriesOption[] = [{ name: `${f.year} ${t.thisYear}`, type: 'bar', data: f.sales.monthly.map((m) => toYuan(m.gmv)) }];
      if (f.sales.previous) series.push({ name: `${f.year - 1} ${t.lastYear}`, type: 'line', data: f.sales.monthly.map((m) => toYuan(m.lastYearGmv)) });
      return render({
        title: { text: t.monthly, left: 'center', textStyle: { fontSize: 14 } },
        legend: { bottom: 0 },
        grid: { left: 80, right: 20, top: 40, bottom: 50 },
        xAxis: { type: 'category', data: months },
        yAxis: { type: 'value' },
        series,
      });
    }
    case 'categories': {
      const rows = [...f.sales.topCategories].reverse();
      return render({
        title: { text: t.categories, left: 'center', textStyle: { fontSize: 14 } },
        grid: { left: 110, right: 40, top: 40, bottom: 30 },
        xAxis: { type: 'value' },
        yAxis: { type: 'category', data: rows.map((r) => r.category) },
        series: [{ type: 'bar', data: rows.map((r) => toYuan(r.gmv)), label: { show: true, position: 'right', fontSize: 10 } }],
      });
    }
    case 'party-status': {
      const label = PARTY_STATUS_LABEL[lang];
      return render({
        title: { text: t.party, left: 'center', textStyle: { fontSize: 14 } },
        legend: { bottom: 0 },
        series: [
          {
            type: 'pie',
            radius: ['35%', '65%'],
            center: ['50%', '52%'],
            label: { formatter: '{b}: {c}' },
            data: f.partyBuilding.streamersByPartyStatus.filter((r) => r.streamers > 0).map((r) => ({ name: label[r.status] ?? r.status, value: r.streamers })),
          },
        ],
      });
    }
    case 'carriers': {
      const rows = f.parcels?.byCarrier ?? [];
      return render({
        title: { text: t.carriers, left: 'center', textStyle: { fontSize: 14 } },
        grid: { left: 80, right: 20, top: 40, bottom: 30 },
        xAxis: { type: 'category', data: rows.map((r) => r.carrier) },
        yAxis: { type: 'value' },
        series: [{ type: 'bar', data: rows.map((r) => toYuan(r.savings)) }],
      });
    }
  }
}
