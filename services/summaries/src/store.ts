import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { datedTables, fenToYuan, InvalidInputError, resolveAsOf, rowsWrittenAfter, type DatedTable, type PositionLog, type QueryContext } from '@redstream/queries';
import { figuresText, parseFigures, type ReadModelsAt } from './as-of.ts';
import { READ_MODELS } from '@redstream/projections';
import { computeAnnualFigures, describeScope, type AnnualFigures } from './figures.ts';
import { LANGS, type Lang } from './format.ts';
import { renderHtml } from './html.ts';
import { figuresToJson, jsonText, type AnnualFiguresJson, type SummaryAsOf, type SummaryEdition } from './json.ts';
import type { PdfPrinter } from './pdf.ts';
import { revisionChanges, revisionNote } from './revision.ts';
import { parseScope, scopeKey, type Scope } from './scope.ts';
import { shanghaiYear, yearPeriod } from '@redstream/schema';

export type Format = 'html' | 'pdf' | 'json';
export const FORMATS: readonly Format[] = ['html', 'pdf', 'json'];
export const CONTENT_TYPE: Record<Format, string> = { html: 'text/html; charset=utf-8', pdf: 'application/pdf', json: 'application/json; charset=utf-8' };

/**
 * Summaries on disk: `<dataDir>/summaries/<year>/<scope>.{html,pdf,json}` (zh-CN; English beside
 * them as `<scope>.en.{html,pdf}`); earlier editions in `<year>/editions/<scope>.<n>.<format>`.
 *
 * The JSON records what the figures reflect (json.ts `asOf`): the log position they were read at
 * (the projections' committed checkpoint, read before the figures) and the head of the log then.
 * A summary is final only for a closed year, read after the year ended, with the projections at
 * the head, and with something recorded: then it is served as stored until facts of that year are
 * written after its position (a late import, a correction) — the next request regenerates it,
 * and when its figures changed it becomes a new edition that names the change; the edition before
 * is kept. Anything else is provisional: served, and computed again on the next request (the
 * running year's once older than `openYearTtlMs`, since its facts still arrive).
 */
export interface SummaryStoreOptions {
  dataDir: string;
  /** An unscoped query context: callers check a key's scope before asking (see routes.ts). */
  query: QueryContext;
  printer: PdfPrinter;
  clock?: () => Date;
  openYearTtlMs?: number;
  /**
   * Where the projections and the log stand. Without it (a process that reads neither) nothing
   * tells whether the read models are behind, and a closed year's summary is final once written.
   */
  positions?: () => Promise<LogPositions>;
  /** The event log, to resolve an `asOf` date-time to a position. */
  log?: PositionLog;
  /** The read models as the log stood at a position (as-of.ts): whole summaries as of it. */
  readModelsAt?: ReadModelsAt;
  /** How long a request waits for the projections to reach the head before computing anyway (provisional). */
  catchUpWaitMs?: number;
}

/** The projections' committed checkpoint (log position and when it was committed) and the log's head. */
export interface LogPositions {
  position: bigint;
  at: Date | undefined;
  head: bigint;
}

export class AsOfUnavailableError extends Error {
  constructor() {
    super('asOf needs the event log and ClickHouse to replay it into, which this process does not hold');
    this.name = 'AsOfUnavailableError';
  }
}

export class ReadModelsBehindError extends Error {
  constructor(readonly positions: LogPositions) {
    super(`the read models are ${positions.head - positions.position} events behind the log (at ${positions.position} of ${positions.head}); no summary is stored from them`);
    this.name = 'ReadModelsBehindError';
  }
}

export interface StoredSummary {
  year: number;
  scope: string;
  regionCode: string | undefined;
  name: string | undefined;
  hasData: boolean;
  generatedAt: string;
  formats: string[];
  edition: number;
  /** What the figures reflect (null: stored before summaries recorded it). */
  asOf: SummaryAsOf | null;
}

export interface GenerateRequest {
  year: number;
  scope: Scope;
  format: Format;
  lang?: Lang;
  /** Regenerate even when a current file exists. */
  force?: boolean;
}

export interface SummaryFile {
  path: string;
  body: Buffer;
  contentType: string;
}

export interface GenerateAllOptions {
  /**
   * Store nothing unless the projections reach the head of the log within `waitMs` (the
   * schedule's rule): throws ReadModelsBehindError instead.
   */
  requireCaughtUp?: { waitMs: number };
}

export interface SummaryStore {
  readonly dir: string;
  /** The summary in one format: the stored one while it is current, generated (with its JSON) otherwise. */
  get(request: GenerateRequest): Promise<SummaryFile>;
  /** An earlier edition as it was served; undefined when there is no such edition. */
  edition(request: Omit<GenerateRequest, 'force'> & { edition: number }): Promise<SummaryFile | undefined>;
  /**
   * The whole summary (every section, chart and figure) as the log stood at `asOf` (a position, or
   * a date-time: the last position recorded by then), computed from read models holding exactly
   * the events at or below it (as-of.ts), in any format; the JSON names the stored edition that
   * showed these figures, if one did.
   */
  asOf(request: Omit<GenerateRequest, 'force'> & { asOf: string }): Promise<SummaryFile>;
  /** Whether the stored summary (its JSON) is current: final and not superseded by later facts. */
  isCurrent(year: number, scope: Scope): Promise<boolean>;
  /** Generates and stores every format in both languages (the schedule's job). */
  generateAll(year: number, scope: Scope, options?: GenerateAllOptions): Promise<AnnualFigures>;
  list(): Promise<StoredSummary[]>;
  /** The region a scope's figures are read in (a park's or committee's own), for scope checks. */
  regionOf(scope: Scope): Promise<string | undefined>;
}

/** The tables the projector writes events into (derived rollups carry no position and are left out by datedTables). */
export const projectedTables = (): string[] => [...new Set(READ_MODELS.flatMap((m) => (m.project ? m.tables : [])))];

export function fileName(scope: Scope, format: Format, lang: Lang = 'zh-CN'): string {
  return `${scopeKey(scope)}${lang === 'en' && format !== 'json' ? '.en' : ''}.${format}`;
}

/** Every file of one summary: each format, in each language it is written in. */
const ALL_FILES: readonly { format: Format; lang: Lang }[] = FORMATS.flatMap((format) => LANGS.filter((lang) => format !== 'json' || lang === 'zh-CN').map((lang) => ({ format, lang })));

async function atomicWrite(path: string, body: string | Buffer): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, body);
  await rename(tmp, path);
}

const readJson = async (path: string): Promise<AnnualFiguresJson | undefined> => {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as AnnualFiguresJson;
  } catch {
    return undefined;
  }
};

/**
 * The figures of a stored JSON, without what says when and at which position they were read (and
 * the definitions, which follow from the figures: a summary stored before the appendix existed is
 * not a different edition for lacking it).
 */
const figuresPart = (json: AnnualFiguresJson): string => {
  const { generatedAt: _g, asOf: _a, edition: _e, revision: _r, definitions: _d, ...figures } = json;
  return JSON.stringify(figures);
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createSummaryStore(options: SummaryStoreOptions): SummaryStore {
  const dir = join(options.dataDir, 'summaries');
  const clock = options.clock ?? (() => new Date());
  const ttl = options.openYearTtlMs ?? 10 * 60_000;
  const catchUpWaitMs = options.catchUpWaitMs ?? 5_000;
  const inFlight = new Map<string, Promise<unknown>>();
  const pathOf = (year: number, scope: Scope, format: Format, lang: Lang) => join(dir, String(year), fileName(scope, format, lang));
  const editionPath = (year: number, scope: Scope, edition: number, format: Format, lang: Lang) =>
    join(dir, String(year), 'editions', fileName(scope, format, lang).replace(scopeKey(scope), `${scopeKey(scope)}.${edition}`));
  const yearEnd = (year: number) => Date.parse(yearPeriod(year).to);
  // Every table the projector writes (the projections' registry), with its position and date
  // columns as ClickHouse describes them: a fact table a migration adds is checked without a list to update.
  let dated: Promise<DatedTable[]> | undefined;
  const supersedeTables = () => (dated ??= datedTables(options.query, projectedTables()).catch((error: unknown) => {
    dated = undefined;
    throw error;
  }));

  /** One job per summary at a time: a request and the schedule never write the same files together. */
  function serialised<T>(year: number, scope: Scope, job: () => Promise<T>): Promise<T> {
    const key = `${year}/${scopeKey(scope)}`;
    const run = (inFlight.get(key) ?? Promise.resolve()).then(job);
    // The queue's tail never rejects: the caller handles `run`'s failure, the next job runs anyway.
    const tail: Promise<unknown> = run.then(
      () => inFlight.get(key) === tail && inFlight.delete(key),
      () => inFlight.get(key) === tail && inFlight.delete(key),
    );
    inFlight.set(key, tail);
    return run;
  }

  /** Waits up to `waitMs` for the projections' checkpoint to reach the head of the log. */
  async function settle(waitMs: number): Promise<LogPositions | undefined> {
    if (!options.positions) return undefined;
    const deadline = Date.now() + waitMs;
    for (;;) {
      const at = await options.positions();
      if (at.position >= at.head || Date.now() >= deadline) return at;
      await sleep(Math.min(200, Math.max(1, deadline - Date.now())));
    }
  }

  async function isCurrentJson(year: number, json: AnnualFiguresJson | undefined): Promise<boolean> {
    if (!json) return false;
    const generatedAt = Date.parse(json.generatedAt);
    if (year >= shanghaiYear(clock())) return clock().getTime() - generatedAt < ttl;
    // A closed year: final, and read after the year ended (one read in December is not final).
    if (!(generatedAt >= yearEnd(year)) || json.asOf?.final !== true) return false;
    if (json.asOf.position === null || !options.positions) return true;
    const position = BigInt(json.asOf.position);
    // Nothing appended since: no need to ask the read models what was.
    if ((await options.positions()).head <= position) return true;
    const period = yearPeriod(year);
    return (await rowsWrittenAfter(options.query, period, position, await supersedeTables())) === 0;
  }

  /**
   * The stored edition that shows the figures of `position`: the newest edition read at or below
   * it, when its figures are exactly these; null when none does (it was never served).
   */
  async function editionShowing(year: number, scope: Scope, position: bigint, figures: AnnualFigures): Promise<number | null> {
    const current = await readJson(pathOf(year, scope, 'json', 'zh-CN'));
    if (!current) return null;
    const editions: { edition: number; json: AnnualFiguresJson }[] = [];
    for (let n = 1; n < (current.edition ?? 1); n++) {
      const json = await readJson(editionPath(year, scope, n, 'json', 'zh-CN'));
      if (json) editions.push({ edition: n, json });
    }
    editions.push({ edition: current.edition ?? 1, json: current });
    const inForce = editions.filter((e) => e.json.asOf?.position != null && BigInt(e.json.asOf.position) <= position).at(-1);
    return inForce && figuresPart(inForce.json) === figuresPart(figuresToJson(figures, new Date(0))) ? inForce.edition : null;
  }

  async function generate(year: number, scope: Scope, formats: readonly Format[], langs: readonly Lang[], waitMs: number, requireCaughtUp = false): Promise<AnnualFigures> {
    // The checkpoint before the figures: every fact at or below it is in them (later ones may be too,
    // which only makes the next check regenerate and find nothing changed).
    const at = await settle(waitMs);
    const caughtUp = at === undefined || at.position >= at.head;
    if (requireCaughtUp && !caughtUp) throw new ReadModelsBehindError(at!);
    const generatedAt = clock();
    const figures = await computeAnnualFigures(options.query, year, scope, generatedAt);
    const final = caughtUp && figures.hasData && year < shanghaiYear(generatedAt);
    const jsonPath = pathOf(year, scope, 'json', 'zh-CN');
    const previous = await readJson(jsonPath);
    const fresh = figuresToJson(figures, generatedAt);
    const unchanged = previous !== undefined && figuresPart(previous) === figuresPart(fresh);
    let edition = previous?.edition ?? 1;
    let revision = previous?.revision ?? null;
    await mkdir(join(dir, String(year), 'editions'), { recursive: true });
    if (previous && !unchanged) {
      if (previous.asOf?.final === true) {
        // A final edition superseded by later facts: kept as it was served, and the new one says what changed.
        for (const { format, lang } of ALL_FILES) await rename(pathOf(year, scope, format, lang), editionPath(year, scope, edition, format, lang)).catch(() => undefined);
        revision = revisionOf(edition, previous, figures);
        edition += 1;
      } else {
        // A provisional summary replaced: its other files showed figures that no longer stand.
        for (const { format, lang } of ALL_FILES) if (!(format === 'json' || (formats.includes(format) && langs.includes(lang)))) await unlink(pathOf(year, scope, format, lang)).catch(() => undefined);
        // Still a revision of the last final edition, if there was one: against that edition.
        const base = revision ? await readJson(editionPath(year, scope, revision.of, 'json', 'zh-CN')) : undefined;
        if (revision && base) revision = revisionOf(revision.of, base, figures);
      }
    }
    const stored = {
      asOf: { position: at?.position.toString() ?? null, checkpointAt: at?.at?.toISOString() ?? null, head: at?.head.toString() ?? null, final },
      edition,
      revision,
    };
    let printing: Error | undefined;
    for (const lang of langs) {
      if (!formats.includes('html') && !formats.includes('pdf')) break;
      const html = renderHtml(figures, lang, generatedAt, revision ? { edition, note: revision.note[lang] } : undefined);
      if (formats.includes('html')) await atomicWrite(pathOf(year, scope, 'html', lang), html);
      if (formats.includes('pdf')) {
        // Asked for the PDF alone, its failure is the answer; with every format (the schedule), the
        // others are stored anyway and the PDF is printed on its first request.
        const pdf = await options.printer.print(html).catch((error: unknown) => {
          if (formats.length === 1) throw error;
          printing = error as Error;
          return undefined;
        });
        if (pdf) await atomicWrite(pathOf(year, scope, 'pdf', lang), pdf);
      }
    }
    // The JSON last: the listing and the checks read it, so a listed summary has its other files.
    await atomicWrite(jsonPath, jsonText(figures, generatedAt, stored));
    if (printing) throw new Error(`stored the ${year} summary of ${scopeKey(scope)} without its PDF: ${printing.message}`, { cause: printing });
    return figures;
  }

  return {
    dir,
    get({ year, scope, format, lang = 'zh-CN', force = false }) {
      const path = pathOf(year, scope, format, lang);
      return serialised(year, scope, async () => {
        const current = await isCurrentJson(year, await readJson(pathOf(year, scope, 'json', 'zh-CN')));
        const exists = await stat(path).then(() => true, () => false);
        if (force || !current || !exists) await generate(year, scope, [format], [lang], catchUpWaitMs);
        return { path, body: await readFile(path), contentType: CONTENT_TYPE[format] };
      });
    },
    async edition({ year, scope, format, lang = 'zh-CN', edition }) {
      const path = editionPath(year, scope, edition, format, lang);
      const body = await readFile(path).catch(() => undefined);
      if (body) return { path, body, contentType: CONTENT_TYPE[format] };
      // The edition being served now is the newest one.
      const json = await readJson(pathOf(year, scope, 'json', 'zh-CN'));
      if ((json?.edition ?? 1) !== edition) return undefined;
      const current = await readFile(pathOf(year, scope, format, lang)).catch(() => undefined);
      return current ? { path: pathOf(year, scope, format, lang), body: current, contentType: CONTENT_TYPE[format] } : undefined;
    },
    async asOf({ year, scope, format, lang = 'zh-CN', asOf }) {
      const position = await resolveAsOf(asOf, options.log);
      if (!options.readModelsAt) throw new AsOfUnavailableError();
      if (options.log) {
        const head = await options.log.headPosition();
        // Beyond the head, "as the log stood" is not yet decided: later appends would change it.
        if (position > head) throw new InvalidInputError(`asOf ${position} is beyond the head of the log (${head})`);
      }
      const period = yearPeriod(year, clock());
      // The figures of a position never change: computed once (a replay of the log), then read from disk.
      const base = join(dir, String(year), 'as-of', `${scopeKey(scope)}.${position}.${period.lastDay}`);
      // One replay per summary at a time; a request waiting behind the same position's finds it on disk.
      const { figures, generatedAt } = await serialised(year, scope, async () => {
        const cached = await readFile(`${base}.figures.json`, 'utf8').then(
          (text) => JSON.parse(text) as { generatedAt: string; figures: string },
          () => undefined,
        );
        if (cached) return { figures: parseFigures(cached.figures), generatedAt: new Date(cached.generatedAt) };
        const models = await options.readModelsAt!(position);
        const at = clock();
        let computed: AnnualFigures;
        try {
          computed = await computeAnnualFigures(models.query, year, scope, at);
        } finally {
          await models.close();
        }
        await mkdir(join(dir, String(year), 'as-of'), { recursive: true });
        await atomicWrite(`${base}.figures.json`, JSON.stringify({ generatedAt: at.toISOString(), figures: figuresText(computed) }));
        return { figures: computed, generatedAt: at };
      });
      const edition = await editionShowing(year, scope, position, figures);
      if (format === 'json') {
        const body = { ...figuresToJson(figures, generatedAt), asOf: { position: position.toString(), checkpointAt: null, head: null, final: true }, edition, revision: null };
        return { path: `${base}.json`, body: Buffer.from(`${JSON.stringify(body, null, 2)}\n`), contentType: CONTENT_TYPE.json };
      }
      const html = renderHtml(figures, lang, generatedAt, undefined, { position, edition });
      if (format === 'html') return { path: `${base}.${lang}.html`, body: Buffer.from(html), contentType: CONTENT_TYPE.html };
      const pdfPath = `${base}.${lang}.pdf`;
      const stored = await readFile(pdfPath).catch(() => undefined);
      const pdf = stored ?? (await options.printer.print(html));
      if (!stored) await atomicWrite(pdfPath, pdf);
      return { path: pdfPath, body: pdf, contentType: CONTENT_TYPE.pdf };
    },
    isCurrent: async (year, scope) => isCurrentJson(year, await readJson(pathOf(year, scope, 'json', 'zh-CN'))),
    async generateAll(year, scope, generateOptions = {}) {
      const required = generateOptions.requireCaughtUp;
      if (required) {
        // Waited for outside the summary's queue: requests meanwhile are answered as usual.
        const at = await settle(required.waitMs);
        if (at && at.position < at.head) throw new ReadModelsBehindError(at);
      }
      return serialised(year, scope, () => generate(year, scope, FORMATS, LANGS, required ? 0 : catchUpWaitMs, required !== undefined));
    },
    async list() {
      const years = await readdir(dir).catch(() => [] as string[]);
      const out: StoredSummary[] = [];
      for (const y of years.filter((name) => /^\d{4}$/.test(name)).sort()) {
        const files = await readdir(join(dir, y));
        for (const name of files.filter((n) => n.endsWith('.json')).sort()) {
          const key = name.slice(0, -'.json'.length);
          try {
            const json = JSON.parse(await readFile(join(dir, y, name), 'utf8')) as AnnualFiguresJson;
            parseScope(key);
            const formats = FORMATS.filter((fmt) => files.includes(`${key}.${fmt}`));
            const en = (['html', 'pdf'] as const).filter((fmt) => files.includes(`${key}.en.${fmt}`)).map((fmt) => `en.${fmt}`);
            out.push({
              year: Number(y),
              scope: key,
              regionCode: json.scope.regionCode ?? undefined,
              name: json.scope.name ?? undefined,
              hasData: json.hasData,
              generatedAt: json.generatedAt,
              formats: [...formats, ...en],
              edition: json.edition ?? 1,
              asOf: json.asOf ?? null,
            });
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

function revisionOf(of: number, previous: AnnualFiguresJson, figures: AnnualFigures): NonNullable<SummaryEdition['revision']> {
  const c = revisionChanges(previous, figures);
  return {
    of,
    orders: c.orders,
    gmv: fenToYuan(c.gmv),
    refunds: fenToYuan(c.refunds),
    farmerIncome: fenToYuan(c.farmerIncome),
    note: { 'zh-CN': revisionNote(c, 'zh-CN'), en: revisionNote(c, 'en') },
  };
}
