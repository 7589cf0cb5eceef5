import { describe, expect, it } from 'vitest';
import { regionMap } from './region-maps.ts';

describe('regionMap: the map that shows a region, from the npm map packages', () => {
  it('a province: its own map, its cities by GB/T 2260 code and name, each city one can drill into marked', () => {
    const map = regionMap('370000')!;
    expect(map).toMatchObject({ code: '370000', map: '370000', path: [{ code: '370000', name: '山东省' }] });
    expect(map.highlight).toBeUndefined();
    const linyi = map.geo.features.find((f) => f.id === '371300')!;
    expect(linyi.properties).toEqual({ name: '临沂市', drill: true });
    expect(map.geo.UTF8Encoding).toBe(true);
  });

  it('a county: its city’s map with the county highlighted, named from the province down', () => {
    const map = regionMap('371302')!;
    expect(map).toMatchObject({ code: '371302', map: '371300', highlight: '371302' });
    expect(map.path.map((p) => p.name)).toEqual(['山东省', '临沂市', '兰山区']);
    expect(map.geo.features.map((f) => f.properties.name)).toEqual(expect.arrayContaining(['兰山区', '罗庄区', '河东区', '兰陵县']));
    expect(map.geo.features.every((f) => f.id?.startsWith('3713') && !f.properties.drill)).toBe(true);
  });

  it('municipalities, undivided cities, counties under a province and maps without ids', () => {
    expect(regionMap('110105')).toMatchObject({ map: '110000', highlight: '110105', path: [{ name: '北京市' }, { name: '朝阳区' }] });
    expect(regionMap('110100')).toMatchObject({ map: '110000' });
    // 东莞 has no counties: shown on 广东's map. 仙桃 is governed by the province directly.
    expect(regionMap('441900')).toMatchObject({ map: '440000', highlight: '441900' });
    expect(regionMap('429004')).toMatchObject({ map: '420000', highlight: '429004', path: [{ name: '湖北省' }, { name: '仙桃市' }] });
    // 沧州's file has no feature ids: matched by name.
    expect(regionMap('130903')).toMatchObject({ map: '130900', highlight: '130903' });
    // 莱芜区 (2019) is newer than the maps: shown as its city on the province's map.
    expect(regionMap('370116')).toMatchObject({ map: '370000', highlight: '370100' });
    expect(regionMap('710000')).toBeUndefined();
  });
});
