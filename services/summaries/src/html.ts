import { CJK_FONT_STACK, fontLinks } from '@redstream/service-kit';
import { renderChart } from './charts.ts';
import type { AnnualFigures } from './figures.ts';
import { escapeHtml as e, type Lang } from './format.ts';
import { writeSummary, type SummaryDocument } from './narrative.ts';

/**
 * The summary as one HTML page (inline CSS, charts as inline SVG, no scripts), laid out for A4 so
 * the PDF is this page printed by Chromium. Its only other requests are the platform's own CJK
 * font subsets (service-kit's fonts.ts), so Chinese never depends on the reader's system fonts.
 */
/** A summary computed as the log stood at a position (store.ts `asOf`), and the stored edition that showed it, if one did. */
export interface AsOfMark {
  position: bigint;
  edition: number | null;
}

export function renderHtml(f: AnnualFigures, lang: Lang, generatedAt: Date, revision?: { edition: number; note: string }, asOf?: AsOfMark): string {
  const doc = writeSummary(f, lang, generatedAt);
  return page(doc, f, revision, asOf && { ...asOf, note: asOfNote(asOf, lang) });
}

function asOfNote({ position, edition }: AsOfMark, lang: Lang): string {
  if (lang === 'zh-CN') return `本文按事件日志位置 ${position} 时的记录计算，此后追加的事实不计入${edition === null ? '' : `；数字与第 ${edition} 版相同`}。`;
  return `Computed from the event log as it stood at position ${position}; facts appended since are left out${edition === null ? '' : `. The figures are those of edition ${edition}`}.`;
}

/**
 * The definitions write a sum as Greek Σ, which the shipped Noto Sans SC subsets lack (Chromium
 * would draw it in a system font); the page shows the summation sign ∑, which they hold.
 */
const printable = (text: string): string => text.replaceAll('Σ', '∑');

const CSS = `
@page { size: A4; margin: 16mm 15mm 18mm; }
* { box-sizing: border-box; }
body { font-family: ${CJK_FONT_STACK}; color: #222; margin: 0 auto; max-width: 780px; padding: 24px; line-height: 1.75; font-size: 15px; }
header { border-bottom: 3px solid #c00; margin-bottom: 18px; padding-bottom: 10px; text-align: center; }
h1 { color: #c00; font-size: 24px; margin: 0 0 6px; letter-spacing: 1px; }
.subtitle { color: #555; font-size: 13px; margin: 0; }
h2 { font-size: 18px; color: #a00; margin: 22px 0 8px; break-after: avoid; }
p { text-indent: 2em; margin: 6px 0; text-align: justify; }
p.lead, p.nodata { font-weight: 600; }
p.nodata { border: 1px solid #c00; padding: 12px; text-indent: 0; }
p.revision { border-left: 4px solid #c00; background: #fbf0f0; padding: 6px 10px; text-indent: 0; font-weight: 600; }
figure.chart { margin: 12px auto; text-align: center; break-inside: avoid; }
figure.chart svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; margin: 10px 0; font-size: 13px; break-inside: avoid; }
th, td { border: 1px solid #bbb; padding: 4px 8px; }
th { background: #f6e6e6; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
section.appendix table { font-size: 11px; }
footer { margin-top: 24px; border-top: 1px solid #ccc; padding-top: 8px; color: #666; font-size: 12px; }
footer p { text-indent: 0; }
`;

function page(doc: SummaryDocument, f: AnnualFigures, revision?: { edition: number; note: string }, asOf?: AsOfMark & { note: string }): string {
  const body: string[] = [];
  if (asOf) body.push(`<p class="revision as-of" data-as-of="${asOf.position}">${e(asOf.note)}</p>`);
  // A revision says so first (store.ts: late facts superseded the edition before).
  if (revision) body.push(`<p class="revision" data-edition="${revision.edition}">${e(revision.note)}</p>`);
  if (doc.noData) body.push(`<p class="nodata" data-no-data="true">${e(doc.noData)}</p>`);
  else {
    body.push(`<p class="lead">${e(doc.lead)}</p>`);
    for (const section of doc.sections) {
      body.push(`<section id="${section.id}">`, `<h2>${e(section.heading)}</h2>`);
      for (const p of section.paragraphs) body.push(`<p>${e(p)}</p>`);
      for (const id of section.charts) body.push(`<figure class="chart" data-chart="${id}">${renderChart(id, f, doc.lang)}</figure>`);
      if (section.table) {
        const numeric = (i: number) => i >= 2;
        body.push(
          '<table>',
          `<thead><tr>${section.table.head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead>`,
          `<tbody>${section.table.rows.map((row) => `<tr>${row.map((cell, i) => `<td${numeric(i) ? ' class="num"' : ''}>${e(cell)}</td>`).join('')}</tr>`).join('')}</tbody>`,
          '</table>',
        );
      }
      body.push('</section>');
    }
    if (doc.appendix) {
      body.push(
        '<section id="definitions" class="appendix">',
        `<h2>${e(doc.appendix.heading)}</h2>`,
        '<table>',
        `<thead><tr>${doc.appendix.head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead>`,
        `<tbody>${doc.appendix.rows.map((row) => `<tr>${row.map((cell) => `<td>${e(printable(cell))}</td>`).join('')}</tr>`).join('')}</tbody>`,
        '</table>',
        '</section>',
      );
    }
  }
  return `<!doctype html>
<html lang="${doc.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="redstream-summary" content="${e(f.scope.key)}/${f.year}">
<title>${e(doc.title)}</title>
${fontLinks()}
<style>${CSS}</style>
</head>
<body>
<header><h1>${e(doc.title)}</h1><p class="subtitle">${e(doc.subtitle)}</p></header>
<main>
${body.join('\n')}
</main>
<footer><p>${e(doc.footer)}</p></footer>
</body>
</html>
`;
}
