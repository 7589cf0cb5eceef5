import { mkdir, readdir, readFile, rename, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { computeAnnualFigures, describeScope, type AnnualFigures } from './figures.ts';
import type { Lang } from './format.ts';
import { renderHtml } from './html.ts';
import { jsonText } from './json.ts';
import type { PdfPrinter } from './pdf.ts';
import type { QueryContext } from '@redstream/queries';
import { parseScope, scopeKey, type Scope } from './scope.ts';
import { shanghaiYear, yearPeriod } from '@redstream/schema';

export type Format = 'html' | 'pdf' | 'json';
export const FORMATS: readonly Format[] = ['html', 'pdf', 'json'];
export const CONTENT_TYPE: Record<Format, string> = { html: 'text/html; charset=utf-8', pdf: 'application/pdf', json: 'application/json; charset=utf-8' };

/**
 * Summaries on disk: `<dataDir>/summaries/<year>/<scope>.{html,pdf,json}` (zh-CN; English beside
 * them as `<scope>.en.{html,pdf}`). A closed year's files are generated once after the year ended
 * and then served; the running year's are regenerated once older than `openYearTtlMs`, since its
 * facts still arrive.
 */
export interface SummaryStoreOptions {
  dataDir: string;
  /** An unscoped query context: callers check a key's scope before asking (see routes.ts). */
  query: QueryContext;
  printer: PdfPrinter;
  clock?: () => Date;
  openYearTtlMs?: number;
  /**
   * Whether the read models have caught up with the event log. A summary written while they
   * have not (the projector still catching up after a start) is served but not kept as final.
   */
  readModelsCaughtUp?: () => boolean;
}

export interface StoredSummary {
  year: number;
  scope: string;
  regionCode: string | undefined;
  name: string | undefined;
  hasData: boolean;
  generatedAt: string;
  formats: string[];
}

export interface GenerateRequest {
  year: number;
  scope: Scope;
  format: Format;
  lang?: Lang;
  /** Regenerate even when a fresh file exists. */
  force?: boolean;
}

export interface SummaryFile {
  path: string;
  body: Buffer;
  contentType: string;
}

export interface SummaryStore {
  readonly dir: string;
  /** The summary in one format, from disk when fresh, generated (with its JSON) otherwise. */
  get(request: GenerateRequest): Promise<SummaryFile>;
  /** Generates and stores every format in both languages (the schedule's job). */
  generateAll(year: number, scope: Scope): Promise<AnnualFigures>;
  list(): Promise<StoredSummary[]>;
  /** The region a scope's figures are read in (a park's or committee's own), for scope checks. */
  regionOf(scope: Scope): Promise<string | undefined>;
}

export function fileName(scope: Scope, format: Format, lang: Lang = 'zh-CN'): string {
  return `${scopeKey(scope)}${lang === 'en' && format !== 'json' ? '.en' : ''}.${format}`;
}

async function atomicWrite(path: string, body: string | Buffer): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, body);
  await rename(tmp, path);
}

export function createSummaryStore(options: SummaryStoreOptions): SummaryStore {
  const dir = join(options.dataDir, 'summaries');
  const clock = options.clock ?? (() => new Date());
  const ttl = options.openYearTtlMs ?? 10 * 60_000;
  const inFlight = new Map<string, Promise<SummaryFile>>();
  const pathOf = (year: number, scope: Scope, format: Format, lang: Lang) => join(dir, String(year), fileName(scope, format, lang));

  /**
   * A closed year's file is final once written after the year ended; one written while the year
   * still ran (on demand, in December) is regenerated, as is the running year's after the TTL.
   */
  async function fresh(path: string, year: number): Promise<boolean> {
    const info = await stat(path).catch(() => undefined);
    if (!info) return false;
    if (year < shanghaiYear(clock())) return info.mtimeMs >= Date.parse(yearPeriod(year).to);
    return clock().getTime() - info.mtimeMs < ttl;
  }

  async function generate(year: number, scope: Scope, formats: readonly Format[], langs: readonly Lang[]): Promise<AnnualFigures> {
    const provisional = options.readModelsCaughtUp ? !options.readModelsCaughtUp() : false;
    const generatedAt = clock();
    const figures = await computeAnnualFigures(options.query, year, scope, generatedAt);
    // A provisional file gets the oldest modification time, so `fresh` regenerates it next time.
    const write = async (path: string, body: string | Buffer) => {
      await atomicWrite(path, body);
      if (provisional) await utimes(path, 0, 0);
    };
    await mkdir(join(dir, String(year)), { recursive: true });
    for (const lang of langs) {
      if (!formats.includes('html') && !formats.includes('pdf')) break;
      const html = renderHtml(figures, lang, generatedAt);
      if (formats.includes('html')) await write(pathOf(year, scope, 'html', lang), html);
      if (formats.includes('pdf')) await write(pathOf(year, scope, 'pdf', lang), await options.printer.print(html));
    }
    // The JSON last: the listing reads it, so a listed summary has its other files.
    await write(pathOf(year, scope, 'json', 'zh-CN'), jsonText(figures, generatedAt));
    return figures;
  }

  return {
    dir,
    async get({ year, scope, format, lang = 'zh-CN', force = false }) {
      const path = pathOf(year, scope, format, lang);
      const key = path;
      const running = inFlight.get(key);
      if (running) return running;
      const job = (async () => {
        if (force || !(await fresh(path, year))) await generate(year, scope, [format], [lang]);
        return { path, body: await readFile(path), contentType: CONTENT_TYPE[format] };
      })().finally(() => inFlight.delete(key));
      inFlight.set(key, job);
      return job;
    },
    generateAll: (year, scope) => generate(year, scope, FORMATS, ['zh-CN', 'en']),
    async list() {
      const years = await readdir(dir).catch(() => [] as string[]);
      const out: StoredSummary[] = [];
      for (const y of years.filter((name) => /^\d{4}$/.test(name)).sort()) {
        const files = await readdir(join(dir, y));
        for (const name of files.filter((n) => n.endsWith('.json')).sort()) {
          const key = name.slice(0, -'.json'.length);
          try {
            const json = JSON.parse(await readFile(join(dir, y, name), 'utf8')) as { generatedAt: string; hasData: boolean; scope: { regionCode?: string; name?: string } };
            parseScope(key);
            const formats = FORMATS.filter((fmt) => files.includes(`${key}.${fmt}`));
            const en = (['html', 'pdf'] as const).filter((fmt) => files.includes(`${key}.en.${fmt}`)).map((fmt) => `en.${fmt}`);
            out.push({ year: Number(y), scope: key, regionCode: json.scope.regionCode, name: json.scope.name, hasData: json.hasData, generatedAt: json.generatedAt, formats: [...formats, ...en] });
          } catch {
            // A file that is not a summary (or half-written by another tool) is not listed.
          }
        }
      }
      return out;
    },
    async regionOf(scope) {
      return (await describeScope(options.query, scope)).regionCode;
    },
  };
}
