import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHalls, resolveHall, watchHalls } from './halls.ts';

const hall = (title: string) => ({
  halls: {
    'lanshan-1': {
      title,
      scope: 'region:371302',
      pages: [{ kind: 'overview', seconds: 30 }, { kind: 'overview', scope: 'park:p1', seconds: 20 }, { kind: 'farm', seconds: 15 }],
      dayPlan: [{ from: '18:00', to: '23:30', pages: [{ kind: 'ranking', seconds: 20, title: '晚间直播' }] }],
    },
  },
});

describe('the halls file', () => {
  it('resolves each page’s scope and names it, with a version that changes with the hall', () => {
    const resolved = resolveHall('lanshan-1', parseHalls(JSON.stringify(hall('兰山区大屏'))).halls['lanshan-1']!);
    expect(resolved).toMatchObject({ id: 'lanshan-1', title: '兰山区大屏', fit: 'fit', label: '山东省临沂市兰山区' });
    expect(resolved.pages.map((p) => [p.kind, p.label, p.seconds])).toEqual([
      ['overview', '山东省临沂市兰山区', 30],
      ['overview', '园区 p1', 20],
      ['farm', '山东省临沂市兰山区', 15],
    ]);
    expect(resolved.dayPlan[0]!.pages[0]).toMatchObject({ kind: 'ranking', title: '晚间直播' });
    expect(resolveHall('lanshan-1', parseHalls(JSON.stringify(hall('别的标题'))).halls['lanshan-1']!).version).not.toBe(resolved.version);
  });

  it('refuses an invalid file, naming every problem', () => {
    const bad = { halls: { 'a b': { title: '', scope: 'city:1', pages: [{ kind: 'tv', seconds: 1 }] } } };
    expect(() => parseHalls(JSON.stringify(bad), 'halls.json')).toThrow(/halls\.json: halls\.a b: /);
    expect(() => parseHalls(JSON.stringify({ halls: { a: { title: 't', scope: 'city:1', pages: [{ kind: 'tv', seconds: 1 }] } } }))).toThrow(/halls\.a\.scope: a scope is region.*halls\.a\.pages\.0\.kind.*halls\.a\.pages\.0\.seconds/);
    expect(() => parseHalls('{')).toThrow(/not JSON/);
  });

  it('takes a change of the file without a restart, and keeps the last good halls over a broken edit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redstream-halls-'));
    const file = join(dir, 'halls.json');
    try {
      writeFileSync(file, JSON.stringify(hall('第一版')));
      const errors: string[] = [];
      const halls = watchHalls(file, (m) => errors.push(m), 50);
      expect(halls.get('lanshan-1')?.title).toBe('第一版');
      expect(halls.get('toString')).toBeUndefined();
      // Each edit a second apart on the file's clock, as edits by hand are (the poll compares mtimes).
      const edit = (text: string, second: number) => (writeFileSync(file, text), utimesSync(file, 2_000_000_000 + second, 2_000_000_000 + second));
      edit(JSON.stringify(hall('第二版')), 1);
      await expect.poll(() => halls.get('lanshan-1')?.title, { timeout: 20_000 }).toBe('第二版');
      edit('{ broken', 2);
      await expect.poll(() => errors.length, { timeout: 20_000 }).toBeGreaterThan(0);
      expect(errors[0]).toMatch(/not JSON.*keep the halls as they were/);
      expect(halls.get('lanshan-1')?.title).toBe('第二版');
      halls.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
