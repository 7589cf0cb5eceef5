import { describe, expect, it } from 'vitest';
import { regionAncestry, regionCovers, regionLevel } from './regions.ts';

describe('regions', () => {
  it('tells levels apart', () => {
    expect(['370000', '371300', '371302', '371302001', '371302001001'].map(regionLevel)).toEqual(['province', 'city', 'county', 'town', 'village']);
  });
  it('covers codes beneath', () => {
    expect(regionCovers('370000', '371302001001')).toBe(true);
    expect(regionCovers('371300', '371302')).toBe(true);
    expect(regionCovers('371302', '371302001')).toBe(true);
    expect(regionCovers('371302', '371311')).toBe(false);
    expect(regionCovers('410100', '371302')).toBe(false);
  });
  it('lists ancestry up to the province', () => {
    expect(regionAncestry('371302001001')).toEqual(['370000', '371300', '371302', '371302001', '371302001001']);
  });
});
