import { BarChart, MapChart, PieChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import chinaGeo from 'virtual:china-geo';
import { regionAt } from '@redstream/schema/regions';
import type { LiveFigures } from './figures.ts';
import { shortYuan, toFen } from './format.ts';

echarts.use([BarChart, MapChart, PieChart, GridComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);
echarts.registerMap('china', chinaGeo as Parameters<typeof echarts.registerMap>[1]);

/** Province code (GB/T 2260, `370000`) → the map's feature name (`山东`). */
const PROVINCE_NAMES = new Map(chinaGeo.features.map((f) => [f.id, f.properties.name]));
export const provinceName = (code: string): string | undefined => {
  const province = regionAt(code, 'province');
  return province && PROVINCE_NAMES.get(province);
};

/** The national map's province names (`山东`) → codes, for a click on a province. */
const PROVINCE_CODES = new Map(chinaGeo.features.map((f) => [f.properties.name, f.id]));

/** A map below the national one, as drawn: its registered name, its feature names → codes, what to highlight. */
export interface RegionView {
  mapName: string;
  codes: Map<string, string>;
  highlight?: string | undefined;
  /** Today's GMV (yuan) by feature name. */
  values: Map<string, number>;
}

const TEXT = '#d9e6ff';
const MUTED = '#7f93bf';
const SPLIT = 'rgba(64,158,255,0.15)';
const PALETTE = ['#3ee6ff', '#ffd54a', '#35e08b', '#ff7a45', '#b37feb', '#5b8ff9', '#ff5a5a', '#36cfc9', '#f759ab', '#a0d911'];
const yuan = (money: string) => toFen(money) / 100;

/**
 * The screen's three charts (the ranking is a list: ranking.ts). Each is created once; an update
 * passes only the data, under the same series ids, so ECharts replaces the data in place: no new
 * instances, listeners or series over weeks of updates.
 */
export class ScreenCharts {
  private charts: echarts.ECharts[] = [];
  private hours!: echarts.ECharts;
  private categories!: echarts.ECharts;
  private map!: echarts.ECharts;
  private last: LiveFigures | undefined;
  /** Today's GMV (yuan) by buyer province (national map's names). */
  private buyers = new Map<string, number>();
  /** The drilled-into map; undefined: the national map of buyer provinces. */
  private region: RegionView | undefined;
  /** A region on the map was clicked: its GB/T 2260 code. */
  onMapClick: ((code: string) => void) | undefined;

  constructor(
    private readonly el: { hours: HTMLElement; categories: HTMLElement; map: HTMLElement },
    private pixelRatio: number,
  ) {
    this.build();
  }

  /**
   * The canvases are as many device pixels as the stage's scale makes them on this display. When
   * the scale changes (another wall, a resized window) the charts are made again at the new ratio
   * rather than a bitmap stretched: rare, so the churn does not matter.
   */
  setPixelRatio(pixelRatio: number): void {
    if (Math.abs(pixelRatio - this.pixelRatio) / this.pixelRatio < 0.05) return;
    this.pixelRatio = pixelRatio;
    for (const chart of this.charts) chart.dispose();
    this.charts = [];
    this.build();
    if (this.last) this.update(this.last);
    if (this.region) this.drawMap(true);
  }

  private build(): void {
    const init = (node: HTMLElement) => {
      const chart = echarts.init(node, undefined, { renderer: 'canvas', devicePixelRatio: this.pixelRatio });
      this.charts.push(chart);
      return chart;
    };
    this.hours = init(this.el.hours);
    this.categories = init(this.el.categories);
    this.map = init(this.el.map);
    // Where a region is drawn, in the chart's own pixels: a click there drills into it (tests, a kiosk's remote).
    (this.el.map as HTMLElement & { regionPoint?: (name: string) => number[] }).regionPoint = (name) => this.map.convertToPixel({ seriesId: 'buyers' }, name as never) as unknown as number[];
    this.map.on('click', (p) => {
      const code = (this.region?.codes ?? PROVINCE_CODES).get(p.name);
      if (code) this.onMapClick?.(code);
    });
    // Canvas text takes a concrete family: the page's own (screen.css), so charts use the shipped font too.
    const fontFamily = getComputedStyle(document.body).fontFamily;
    const base = { backgroundColor: 'transparent', textStyle: { color: TEXT, fontSize: 14, fontFamily }, color: PALETTE, animationDurationUpdate: 600 };
    this.hours.setOption({
      ...base,
      grid: { left: 56, right: 16, top: 20, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, h) => `${h}时`), axisLabel: { color: MUTED, interval: 2 }, axisLine: { lineStyle: { color: SPLIT } } },
      yAxis: { type: 'value', axisLabel: { color: MUTED, formatter: shortYuan }, splitLine: { lineStyle: { color: SPLIT } } },
      series: [{ id: 'gmv', name: '成交额', type: 'bar', data: [], itemStyle: { color: '#3ee6ff', borderRadius: [3, 3, 0, 0] } }],
    });
    this.categories.setOption({
      ...base,
      tooltip: { trigger: 'item', formatter: '{b}<br/>¥{c}（{d}%）' },
      series: [
        {
          id: 'categories',
          name: '品类',
          type: 'pie',
          radius: ['34%', '58%'],
          center: ['50%', '52%'],
          itemStyle: { borderColor: '#050b1f', borderWidth: 2 },
          label: { color: TEXT, fontSize: 15, formatter: '{b} {d}%' },
          data: [],
        },
      ],
    });
    this.map.setOption({
      ...base,
      tooltip: { trigger: 'item', formatter: (p: { name: string; value?: number }) => `${p.name}<br/>${Number.isFinite(p.value) ? `¥${p.value}` : '暂无'}` },
      visualMap: {
        type: 'continuous',
        min: 0,
        max: 1,
        left: 24,
        bottom: 24,
        text: ['高', '低'],
        textStyle: { color: TEXT },
        calculable: false,
        inRange: { color: ['#123a7a', '#1f77d0', '#3ee6ff', '#ffd54a'] },
      },
      series: [
        {
          id: 'buyers',
          name: '买家地域',
          type: 'map',
          map: 'china',
          roam: false,
          layoutCenter: ['50%', '56%'],
          layoutSize: '118%',
          itemStyle: { areaColor: '#0b2352', borderColor: 'rgba(62,230,255,0.55)' },
          emphasis: { label: { color: '#fff' }, itemStyle: { areaColor: '#ffd54a' } },
          // The highlighted region (the page's county): a colour outside the figures' scale, so it never reads as a figure.
          select: { label: { color: '#ffffff', fontWeight: 'bold' }, itemStyle: { areaColor: '#ff7a45', borderColor: '#ffffff', borderWidth: 2 } },
          label: { show: false },
          data: [],
        },
      ],
    });
  }

  update(f: LiveFigures): void {
    this.last = f;
    const byHour = new Array<number>(24).fill(0);
    for (const p of f.todayByHour) {
      const hour = Number(p.bucket.slice(11, 13));
      if (hour >= 0 && hour < 24) byHour[hour] = yuan(p.gmv);
    }
    this.hours.setOption({ series: [{ id: 'gmv', data: byHour }] });
    this.categories.setOption({ series: [{ id: 'categories', data: f.categories.slice(0, 10).map((c) => ({ name: c.key || '其他', value: yuan(c.gmv) })) }] });
    const provinces = new Map<string, number>();
    for (const row of f.buyerProvinces) {
      const name = provinceName(row.key);
      if (name) provinces.set(name, (provinces.get(name) ?? 0) + yuan(row.gmv));
    }
    this.buyers = provinces;
    if (!this.region) this.drawMap();
  }

  /** Shows a region's map (registered once per map) with its figures, or the national map again. */
  showRegion(view: RegionView | undefined, geo?: Parameters<typeof echarts.registerMap>[1]): void {
    if (view && geo && !echarts.getMap(view.mapName)) echarts.registerMap(view.mapName, geo);
    const mapChanged = view?.mapName !== this.region?.mapName;
    this.region = view;
    this.drawMap(mapChanged);
  }

  /**
   * The map series' data: buyer provinces on the national map; on a region's map its figures by
   * feature, the highlighted one selected (and named even without figures).
   */
  private drawMap(mapChanged = false): void {
    const region = this.region;
    const values = region?.values ?? this.buyers;
    const data = [...values].map(([name, value]) => ({ name, value: Math.round(value * 100) / 100, selected: false }));
    const highlight = region?.highlight && [...region.codes].find(([, code]) => code === region.highlight)?.[0];
    if (highlight) {
      const item = data.find((d) => d.name === highlight);
      if (item) item.selected = true;
      else data.push({ name: highlight, value: Number.NaN, selected: true });
    }
    const series = region
      ? { id: 'buyers', name: '成交额', map: region.mapName, layoutCenter: ['50%', '53%'], layoutSize: '96%', selectedMode: 'single', label: { show: true, color: TEXT, fontSize: 12, textBorderColor: '#050b1f', textBorderWidth: 2 }, data }
      : { id: 'buyers', name: '买家地域', map: 'china', layoutCenter: ['50%', '56%'], layoutSize: '118%', selectedMode: false, label: { show: false }, data };
    this.map.setOption({ visualMap: { max: Math.max(1, ...values.values()) }, series: [mapChanged ? series : { id: 'buyers', data }] });
    // The figures for screen readers (and tests): the map itself is a canvas.
    const label = [...values].sort((a, b) => b[1] - a[1]).map(([name, value]) => `${name} ¥${value.toFixed(2)}`).join('；');
    if (this.el.map.getAttribute('aria-label') !== label) this.el.map.setAttribute('aria-label', label);
  }

  resize(): void {
    for (const chart of this.charts) chart.resize();
  }
}
