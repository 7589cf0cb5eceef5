import { regionAncestry, regionLevel } from '@redstream/schema';
import { regionColumns } from '../../model/state.ts';
import type { ProjectedEvent, ReadModel } from '../read-model.ts';

/** Region codes a fact names, so the hierarchy table knows every code figures can be filtered by. */
function codesOf({ event }: ProjectedEvent): string[] {
  const d = event.data as Record<string, unknown>;
  return ['regionCode', 'villageCode', 'originVillageCode', 'buyerRegionCode'].map((k) => d[k]).filter((c): c is string => typeof c === 'string');
}

/** The region hierarchy: every code seen and its ancestors, one row each (written once per projector run). */
export const regions: ReadModel = {
  name: 'regions',
  tables: ['regions'],
  project(e, state, out) {
    for (const code of codesOf(e)) {
      if (state.regionsSeen.has(code)) continue;
      for (const c of regionAncestry(code)) {
        if (state.regionsSeen.has(c)) continue;
        const chain = regionAncestry(c);
        const cols = regionColumns(c);
        out.row('regions', { code: c, level: regionLevel(c), parent: chain.length > 1 ? chain[chain.length - 2] : '', province: cols.province, city: cols.city, county: cols.county, town: cols.town, version: 0 });
      }
    }
  },
};
