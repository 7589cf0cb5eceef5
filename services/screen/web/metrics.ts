import type { MetricDefinition } from './figures.ts';

/** Units as a reader of the screen says them (the definition's own unit id stays beside it). */
const UNIT_ZH: Record<string, string> = {
  fen: '金额（元）',
  count: '个数',
  count_per_minute: '每分钟个数',
  seconds: '秒',
  basis_points: '万分比',
  ratio: '比率',
  fen_per_order: '元/单',
  fen_per_1000_views: '元/千次观看',
  fen_per_1000_viewers: '元/千人',
  fen_per_viewer: '元/人',
  fen_per_buyer: '元/人',
};

/** A definition's lines, the same on the hover tip and on the legend page: what it is, how it is computed, of what. */
export function definitionLines(d: MetricDefinition): { name: string; formula: string; terms: string; meta: string } {
  return {
    name: d.nameZh,
    formula: `口径：${d.formula}`,
    terms: d.denominator ? `分子：${d.numerator}\u3000分母：${d.denominator}` : `计：${d.numerator}`,
    meta: `单位：${UNIT_ZH[d.unit] ?? d.unit}（${d.unit}）\u3000来源：${d.sourceEvents.join('、')}\u3000版本：v${d.version}`,
  };
}

const fill = (el: HTMLElement, d: MetricDefinition) => {
  const lines = definitionLines(d);
  const [name, formula, terms, meta] = el.children as unknown as HTMLElement[];
  name!.textContent = `${lines.name} · v${d.version}`;
  formula!.textContent = lines.formula;
  terms!.textContent = lines.terms;
  meta!.textContent = lines.meta;
};

const entry = (tag: 'div' | 'section', className: string): HTMLElement => {
  const el = document.createElement(tag);
  el.className = className;
  for (const cls of ['md-name', 'md-formula', 'md-terms', 'md-meta']) el.append(Object.assign(document.createElement('p'), { className: cls }));
  return el;
};

/**
 * 口径 on the screen, from the definitions the server wrote into the page: a tip beside whatever
 * names a metric (`data-metric`) while a pointer rests on it, and the legend page listing them all
 * for halls without a mouse. One tip element and two document listeners, made once.
 */
export class MetricLegend {
  private readonly byId: Map<string, MetricDefinition>;
  private readonly tip = entry('div', 'metric-tip');

  constructor(
    private readonly stage: HTMLElement,
    definitions: readonly MetricDefinition[],
  ) {
    this.byId = new Map(definitions.map((d) => [d.id, d]));
    this.tip.id = 'metric-tip';
    this.tip.setAttribute('role', 'tooltip');
    this.tip.hidden = true;
    stage.append(this.tip);
    const list = document.getElementById('legend-list');
    for (const d of definitions) {
      const item = entry('section', 'legend-item');
      item.dataset.metricId = d.id;
      fill(item, d);
      list?.append(item);
    }
    document.addEventListener('pointerover', (event) => this.over(event.target));
    document.addEventListener('pointerout', (event) => {
      if ((event.target as Element | null)?.closest?.('[data-metric]')) this.tip.hidden = true;
    });
  }

  private over(target: EventTarget | null): void {
    const el = (target as Element | null)?.closest?.<HTMLElement>('[data-metric]');
    const d = el && this.byId.get(el.dataset.metric!);
    if (!el || !d) return;
    fill(this.tip, d);
    this.tip.dataset.metricId = d.id;
    this.tip.hidden = false;
    // Placed in stage units (the stage is scaled): below the element, kept inside the stage.
    const scale = this.stage.getBoundingClientRect().width / this.stage.offsetWidth || 1;
    const s = this.stage.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    const left = Math.min((r.left - s.left) / scale, this.stage.offsetWidth - this.tip.offsetWidth - 8);
    const below = (r.bottom - s.top) / scale + 6;
    const top = below + this.tip.offsetHeight > this.stage.offsetHeight ? (r.top - s.top) / scale - this.tip.offsetHeight - 6 : below;
    this.tip.style.left = `${Math.max(8, left)}px`;
    this.tip.style.top = `${Math.max(8, top)}px`;
  }
}
