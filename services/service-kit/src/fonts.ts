import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * The CJK font every page uses, shipped in npm (`@fontsource/noto-sans-sc`, SIL Open Font
 * Licence 1.1) and served by the platform: park halls and government intranets have neither
 * a CDN nor, often, a Chinese system font. The package splits the font into ~100 unicode-range
 * subsets per weight, so a browser fetches only the slices holding the characters on its page
 * (a few hundred KB for a big screen), never the whole 10 MB face.
 */
export const CJK_FONT_FAMILY = 'Noto Sans SC';

/**
 * Every page's font-family: the shipped face first, so no glyph served by the platform depends on
 * what the system has; system CJK faces after it only for a page saved and opened as a file.
 */
export const CJK_FONT_STACK = `"${CJK_FONT_FAMILY}", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif`;

/** Where the platform serves the font's stylesheets and subsets. */
export const FONT_PREFIX = '/assets/fonts/noto-sans-sc/';

/** The weights pages use (regular text and bold headings/figures). */
export const FONT_WEIGHTS = [400, 700] as const;

/** `<link>` addresses of the stylesheets, one per weight. */
export const FONT_STYLESHEETS = FONT_WEIGHTS.map((w) => `${FONT_PREFIX}${w}.css`);

const require = createRequire(import.meta.url);
export const FONT_PACKAGE_DIR = dirname(require.resolve('@fontsource/noto-sans-sc/400.css'));

/** The file on disk behind a font address under FONT_PREFIX, or undefined (for pages printed offline). */
export function fontFileFor(pathname: string): string | undefined {
  if (!pathname.startsWith(FONT_PREFIX)) return undefined;
  const rest = pathname.slice(FONT_PREFIX.length);
  if (!/^(\d00\.css|files\/noto-sans-sc-[\w-]+\.woff2?)$/.test(rest)) return undefined;
  const file = join(FONT_PACKAGE_DIR, rest);
  return existsSync(file) ? file : undefined;
}

/** `<link>` tags for a page's <head>. */
export const fontLinks = (): string => FONT_STYLESHEETS.map((href) => `<link rel="stylesheet" href="${href}">`).join('\n');

/**
 * Serves the font publicly (it is open-licensed and holds no data), cached for a year: the file
 * names carry the subset and weight, and a new package version is a new deployment.
 */
export async function fontRoutes(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: FONT_PACKAGE_DIR,
    prefix: FONT_PREFIX,
    decorateReply: false,
    index: false,
    list: false,
    immutable: true,
    maxAge: '365d',
    allowedPath: (pathname) => fontFileFor(`${FONT_PREFIX}${pathname.replace(/^\//, '')}`) !== undefined,
  });
}
