import { isNamedRegion, regionLevel, regionName, yearPeriod, type YearPeriod } from '@redstream/schema';
import { metricDefinition, type MetricDefinition } from '@redstream/queries';
import { summaryContent, type ChartId, type ContentTable, type SectionId, type SummaryContent } from './content.ts';
import type { AnnualFigures } from './figures.ts';
import { count, yuan, type Lang } from './format.ts';
import type { Phrasebook } from './phrasebook.ts';
import { EN } from './phrases-en.ts';
import { ZH } from './phrases-zh.ts';

export type { ChartId } from './content.ts';

/**
 * The summary's text: the content model (content.ts) decides what is said, once for every
 * language, and a phrasebook per language words it. A section whose facts are absent says so in
 * words ("本年度未记录…") rather than printing zeros as if they were findings, and the whole report
 * says so when the year holds nothing at all.
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
  /** The 口径 appendix: every metric the text states, with its definition and version. */
  appendix: { heading: string; head: string[]; rows: string[][] } | undefined;
  footer: string;
}

export interface Section {
  id: SectionId;
  heading: string;
  paragraphs: string[];
  /** Ids of charts (charts.ts) shown in this section, only those with data. */
  charts: ChartId[];
  table?: { head: string[]; rows: string[][] } | undefined;
}

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

/** The definitions (queries' METRIC_DEFINITIONS) of the metrics a summary states, in order of first use. */
export function summaryDefinitions(content: SummaryContent): MetricDefinition[] {
  return content.metrics.map((id) => {
    const d = metricDefinition(id);
    // A statement naming an undefined metric is a bug here, not a row to leave out.
    if (!d) throw new Error(`the summary states metric ${id}, which METRIC_DEFINITIONS does not define`);
    return d;
  });
}

export const PHRASEBOOKS: Record<Lang, Phrasebook> = { 'zh-CN': ZH, en: EN };

const tableRows = (t: ContentTable): string[][] =>
  t.kind === 'top-streamers'
    ? t.rows.map((r, i) => [String(i + 1), r.displayName, yuan(r.gmv), count(r.orders)])
    : t.rows.map((v) => [v.villageCode, yuan(v.income), count(v.households)]);

export function writeSummary(f: AnnualFigures, lang: Lang, generatedAt: Date): SummaryDocument {
  const book = PHRASEBOOKS[lang];
  // Figures made without a period (hand-built ones in tests) are of a whole year.
  const context = { year: f.year, name: scopeName(f, lang), period: (f.period as YearPeriod | undefined) ?? yearPeriod(f.year) };
  const say = <S extends { kind: keyof Phrasebook['say'] }>(s: S): string => (book.say[s.kind] as (s: S, c: typeof context) => string)(s, context);
  const content = summaryContent(f);
  const base = { lang, title: book.title(context), subtitle: book.subtitle(context), footer: book.footer(context, generatedAt) };
  if (content.lead.kind === 'no-data') return { ...base, lead: '', noData: say(content.lead), sections: [], appendix: undefined };
  const definitions = summaryDefinitions(content);
  return {
    ...base,
    appendix:
      definitions.length > 0
        ? {
            heading: book.appendix.heading,
            head: book.appendix.head,
            rows: definitions.map((d) => [
              `${book.appendix.name(d)} (${d.id})`,
              `${d.formula}${d.denominator === null ? '' : ` [${d.numerator} ÷ ${d.denominator}]`}`,
              d.sourceEvents.join(', '),
              d.unit,
              `v${d.version}`,
            ]),
          }
        : undefined,
    lead: say(content.lead),
    noData: undefined,
    sections: content.sections.map((section) => ({
      id: section.id,
      heading: book.headings[section.id],
      paragraphs: section.statements.map(say),
      charts: section.charts,
      table: section.table && { head: book.tableHeads[section.table.kind], rows: tableRows(section.table) },
    })),
  };
}
