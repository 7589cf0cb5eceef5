import type { ReadModel } from '../read-model.ts';

/** Party building and places: parks, industry committees, Party branches, warm stations (latest row by version). */
export const organisation: ReadModel = {
  name: 'organisation',
  tables: ['parks', 'committees', 'branches', 'warm_stations'],
  project({ event, position }, _state, out) {
    switch (event.type) {
      case 'ParkRegistered': {
        const d = event.data;
        out.row('parks', { park_id: d.parkId, name: d.name, region_code: d.regionCode, kind: d.kind, floor_area_m2: d.floorAreaM2 ?? 0, version: position });
        break;
      }
      case 'IndustryCommitteeFounded': {
        const d = event.data;
        out.row('committees', { committee_id: d.committeeId, name: d.name, level: d.level, region_code: d.regionCode, founded_on: d.foundedOn, version: position });
        break;
      }
      case 'BranchFounded': {
        const d = event.data;
        out.row('branches', { branch_id: d.branchId, name: d.name, region_code: d.regionCode, founded_on: d.foundedOn, committee_id: d.committeeId ?? '', park_id: d.parkId ?? '', version: position });
        break;
      }
      case 'WarmStationOpened': {
        const d = event.data;
        out.row('warm_stations', { station_id: d.stationId, name: d.name, region_code: d.regionCode, opened_on: d.openedOn, park_id: d.parkId ?? '', version: position });
        break;
      }
      default:
        break;
    }
  },
};
