import { describe, expect, it } from 'vitest';
import type { AnnualFigures, ScopeInfo } from './figures.ts';
import { scopeName, writeSummary } from './narrative.ts';

const figures = (scope: ScopeInfo) => ({ year: 2025, scope, hasData: false }) as unknown as AnnualFigures;
const region = (code: string): ScopeInfo => ({ key: code, kind: 'region', regionCode: code, name: undefined });

describe('a summary names its region', () => {
  it('by its GB/T 2260 name in the title, not by its code', () => {
    const zh = writeSummary(figures(region('371302')), 'zh-CN', new Date('2026-01-01T00:00:00Z'));
    expect(zh.title).toBe('兰山区2025年度直播经济工作总结');
    expect(zh.title).not.toContain('371302');
    const en = writeSummary(figures(region('360521')), 'en', new Date('2026-01-01T00:00:00Z'));
    expect(en.title).toBe('Annual summary 2025: 分宜县 (360521)');
  });

  it('keeps the code and its level for a region the names do not cover', () => {
    expect(scopeName(figures(region('371302001')), 'zh-CN')).toBe('区划371302001（乡镇级）');
    expect(scopeName(figures(region('371302001')), 'en')).toBe('region 371302001 (town)');
  });

  it('names parks and committees as before', () => {
    expect(scopeName(figures({ key: 'park-p1', kind: 'park', regionCode: '371302', name: '兰山电商园' }), 'zh-CN')).toBe('兰山电商园');
  });
});
