/**
 * GB/T 2260 region codes. 6 digits ending `0000` are a province, ending `00` a city, other 6
 * digits a county; 9 digits a town, 12 a village. Every figure rolls up along this hierarchy.
 */
export type RegionLevel = 'province' | 'city' | 'county' | 'town' | 'village';
export const REGION_LEVELS: readonly RegionLevel[] = ['province', 'city', 'county', 'town', 'village'];

export function regionLevel(code: string): RegionLevel {
  if (code.length === 12) return 'village';
  if (code.length === 9) return 'town';
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/**
 * The prefix every code beneath `code` starts with: a filter on 370000 covers `37…`,
 * on 371300 covers `3713…`, on 371302 covers `371302…` (its towns and villages too).
 */
export function regionPrefix(code: string): string {
  switch (regionLevel(code)) {
    case 'province':
      return code.slice(0, 2);
    case 'city':
      return code.slice(0, 4);
    default:
      return code;
  }
}

/** True when `code` lies within `scope` (or is it). */
export const regionCovers = (scope: string, code: string): boolean => code.startsWith(regionPrefix(scope));

/** The code of `code`'s ancestor at `level`, or undefined when `code` is above that level. */
export function regionAt(code: string, level: RegionLevel): string | undefined {
  const own = REGION_LEVELS.indexOf(regionLevel(code));
  const want = REGION_LEVELS.indexOf(level);
  if (want > own) return undefined;
  switch (level) {
    case 'province':
      return `${code.slice(0, 2)}0000`;
    case 'city':
      return `${code.slice(0, 4)}00`;
    case 'county':
      return code.slice(0, 6);
    case 'town':
      return code.slice(0, 9);
    case 'village':
      return code.slice(0, 12);
  }
}

/** Province → … → the code itself, e.g. 371302 → [370000, 371300, 371302]. */
export function regionAncestry(code: string): string[] {
  const own = REGION_LEVELS.indexOf(regionLevel(code));
  return REGION_LEVELS.slice(0, own + 1).map((level) => regionAt(code, level)!).filter((c, i, all) => all.indexOf(c) === i);
}
