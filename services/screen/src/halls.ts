import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { regionFullName } from '@redstream/schema';
import { z } from 'zod';

/**
 * The halls file (`REDSTREAM_SCREEN_HALLS`): each hall's title, scope, fit mode and playlist,
 * read at start and again whenever it changes, so a hall is set up or changed without a rebuild
 * or a restart, and open screens follow within seconds (they poll `/screen/playlist/:id/config`).
 *
 * ```json
 * { "halls": { "lanshan-1": { "title": "兰山区直播电商", "scope": "region:371302", "fit": "fit",
 *     "pages": [ { "kind": "overview", "seconds": 30 }, { "kind": "overview", "scope": "park:p1", "seconds": 20 },
 *                { "kind": "farm", "seconds": 15 }, { "kind": "ranking", "seconds": 15 } ],
 *     "dayPlan": [ { "from": "18:00", "to": "23:30", "pages": [ { "kind": "ranking", "seconds": 20 } ] } ] } } }
 * ```
 */

const REGION_CODE = /^\d{6}(\d{3}(\d{3})?)?$/;
const PARK_ID = /^[\w.:-]{1,64}$/;

export interface HallScope {
  regionCode?: string;
  parkId?: string;
}

const ScopeText = z
  .string()
  .trim()
  .transform((text, ctx): HallScope => {
    const [kind, id] = text.split(':', 2);
    if (kind === 'region' && id && REGION_CODE.test(id)) return { regionCode: id };
    if (kind === 'park' && id && PARK_ID.test(id)) return { parkId: id };
    if (text === '' || text === 'all') return {};
    ctx.addIssue({ code: 'custom', message: `a scope is region:<6, 9 or 12 digits>, park:<id> or all, got ${JSON.stringify(text)}` });
    return z.NEVER;
  });

/**
 * What a page shows: the scope's overview, the same figures with one panel brought forward, the
 * sessions on air, or the legend of every metric's definition (口径) over the figures.
 */
export const PAGE_KINDS = ['overview', 'farm', 'ranking', 'live-now', 'legend'] as const;

const PageSchema = z.strictObject({
  kind: z.enum(PAGE_KINDS),
  /** How long the page stays (seconds). */
  seconds: z.number().int().min(3).max(3600),
  /** Default: the hall's scope. */
  scope: ScopeText.optional(),
  /** Heading while the page shows; default: the hall's title. */
  title: z.string().min(1).max(60).optional(),
});

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const DayPlanSchema = z.strictObject({
  /** Asia/Shanghai wall-clock times; `to` before `from` runs over midnight. */
  from: z.string().regex(CLOCK, 'HH:mm'),
  to: z.string().regex(CLOCK, 'HH:mm'),
  pages: z.array(PageSchema).min(1).max(50),
});

const HallSchema = z.strictObject({
  title: z.string().min(1).max(60),
  scope: ScopeText.default({}),
  fit: z.enum(['fit', 'fill', 'letterbox']).default('fit'),
  pages: z.array(PageSchema).min(1).max(50),
  dayPlan: z.array(DayPlanSchema).max(24).default([]),
});

export const HallsFileSchema = z.strictObject({ halls: z.record(z.string().regex(/^[\w-]{1,64}$/, 'a hall id is letters, digits, - and _'), HallSchema) });
export type HallsFile = z.infer<typeof HallsFileSchema>;
export type Hall = z.infer<typeof HallSchema>;

/** A page as the screen gets it: its scope resolved and named (the page bundle carries no names). */
export interface ResolvedPage {
  kind: (typeof PAGE_KINDS)[number];
  seconds: number;
  scope: HallScope;
  label: string;
  title: string;
}

export interface ResolvedHall {
  id: string;
  title: string;
  fit: Hall['fit'];
  scope: HallScope;
  label: string;
  pages: ResolvedPage[];
  dayPlan: { from: string; to: string; pages: ResolvedPage[] }[];
  /** Changes whenever the hall's entry in the file changes: open screens compare it. */
  version: string;
}

export const scopeLabel = (scope: HallScope): string =>
  [scope.regionCode ? regionFullName(scope.regionCode) : '', scope.parkId ? `园区 ${scope.parkId}` : ''].filter(Boolean).join(' · ') || '全部区域';

/** Parses and validates the file's text; throws naming every problem (file, path, message). */
export function parseHalls(text: string, file = 'halls file'): HallsFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message})`);
  }
  const parsed = HallsFileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export function resolveHall(id: string, hall: Hall): ResolvedHall {
  const page = (p: z.infer<typeof PageSchema>): ResolvedPage => {
    const scope = p.scope ?? hall.scope;
    return { kind: p.kind, seconds: p.seconds, scope, label: scopeLabel(scope), title: p.title ?? hall.title };
  };
  const body = { id, title: hall.title, fit: hall.fit, scope: hall.scope, label: scopeLabel(hall.scope), pages: hall.pages.map(page), dayPlan: hall.dayPlan.map((d) => ({ from: d.from, to: d.to, pages: d.pages.map(page) })) };
  return { ...body, version: createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 16) };
}

export interface HallsSource {
  get(id: string): ResolvedHall | undefined;
  close(): void;
}

/**
 * The halls file, read now (an invalid file refuses the start, saying why) and again when it
 * changes (polled every `intervalMs`: an edit over a network share fires no inotify event). A
 * later invalid edit keeps the halls as they were and reports the problem through `onError`.
 */
export function watchHalls(file: string, onError: (message: string) => void, intervalMs = 1000): HallsSource {
  // The file's stamp is taken before it is read, so an edit made while it is read is seen later.
  const stamp = () => {
    const st = statSync(file);
    return `${st.mtimeMs}:${st.size}:${st.ino}`;
  };
  let seen = stamp();
  let halls = parseHalls(readFileSync(file, 'utf8'), file);
  const timer = setInterval(() => {
    let now: string;
    try {
      now = stamp();
    } catch (error) {
      return onError(`${file}: ${(error as Error).message}; the screens keep the halls as they were`);
    }
    if (now === seen) return;
    seen = now;
    try {
      halls = parseHalls(readFileSync(file, 'utf8'), file);
    } catch (error) {
      onError(`${(error as Error).message}; the screens keep the halls as they were`);
    }
  }, intervalMs);
  timer.unref();
  return {
    get: (id) => {
      const hall = Object.hasOwn(halls.halls, id) ? halls.halls[id] : undefined;
      return hall ? resolveHall(id, hall) : undefined;
    },
    close: () => clearInterval(timer),
  };
}
